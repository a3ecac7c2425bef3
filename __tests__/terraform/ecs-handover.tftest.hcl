# ECS blue/green: Terraform and CodeDeploy must not fight. CodeDeploy owns the listeners' default
# actions (it moves them between the two target groups), the service's task definition and load
# balancer block (they follow the primary task set), and, with scaling, Application Auto Scaling
# owns the desired count. Everything else stays Terraform's.
#
# A mocked provider cannot change a resource behind Terraform's back, so what a refresh would read
# after CodeDeploy acted is made by applying `./codedeploy` (state_key "live"): the same stack
# where those attributes come from variables and nothing is ignored. Planning the real stack
# against that state must change nothing. `./changed` is the real stack with a task-definition
# setting changed (memory). The jest side (__tests__/stacks/ecs-stack.test.ts) checks every run's
# exact planned changes.

mock_provider "aws" {
  source = "./tests/mocks"
}

# Distinct ARNs for what the scenarios swap (the shared mocks give every target group one ARN).
override_resource {
  target = aws_lb_target_group.traffic_green
  values = {
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/__STEM__-green/fedcba9876543210"
    arn_suffix = "targetgroup/__STEM__-green/fedcba9876543210"
  }
}

override_resource {
  target = aws_ecs_task_definition.service_task
  values = {
    arn                  = "arn:aws:ecs:us-east-1:123456789012:task-definition/__STEM__:1"
    arn_without_revision = "arn:aws:ecs:us-east-1:123456789012:task-definition/__STEM__"
    revision             = 1
  }
}

run "fresh_account" {
  command = apply

  assert {
    condition     = aws_lb_listener.traffic_production.default_action[0].target_group_arn == aws_lb_target_group.traffic_blue.arn && aws_lb_listener.traffic_test.default_action[0].target_group_arn == aws_lb_target_group.traffic_blue.arn
    error_message = "Both listeners start on the blue target group."
  }
  assert {
    condition     = aws_ecs_service.service_service.task_definition == aws_ecs_task_definition.service_task.arn && aws_ecs_service.service_service.deployment_controller[0].type == "CODE_DEPLOY"
    error_message = "The service starts on Terraform's task definition, under the CODE_DEPLOY controller."
  }
  assert {
    condition     = aws_lb_target_group.traffic_green.arn != aws_lb_target_group.traffic_blue.arn
    error_message = "The scenarios need two distinguishable target groups."
  }
}

# A deployment is shifting traffic: the replacement task set (green) serves the test listener and
# 10% of production; the service's primary task set is still the original.
run "during_deployment_state" {
  command   = apply
  state_key = "live"

  module {
    source = "./codedeploy"
  }

  variables {
    production_weights = [90, 10]
    test_on_green      = true
  }

  assert {
    condition     = aws_lb_listener.traffic_test.default_action[0].target_group_arn == aws_lb_target_group.traffic_green.arn
    error_message = "The state must have the test listener on green, as CodeDeploy leaves it."
  }
}

run "during_deployment" {
  command   = plan
  state_key = "live"

  assert {
    condition     = aws_lb_listener.traffic_test.default_action[0].target_group_arn == aws_lb_target_group.traffic_green.arn
    error_message = "A plan during a deployment must leave the test listener where CodeDeploy put it."
  }
}

# That deployment fails and CodeDeploy rolls it back: production and the test listener back on
# the original target group (blue), the original task set primary, and Application Auto Scaling
# has meanwhile set the desired count to 4.
run "after_rollback_state" {
  command   = apply
  state_key = "live"

  module {
    source = "./codedeploy"
  }

  variables {
    production_weights = [1, 0]
    test_on_green      = false
    desired_count      = 4
  }

  assert {
    condition     = aws_lb_listener.traffic_test.default_action[0].target_group_arn == aws_lb_target_group.traffic_blue.arn
    error_message = "The state must have the test listener back on blue, as CodeDeploy's rollback leaves it."
  }
}

run "after_rollback" {
  command   = plan
  state_key = "live"

  assert {
    condition     = aws_ecs_service.service_service.desired_count == 4
    error_message = "A re-apply after a rollback must keep the desired count scaling set."
  }
}

# After the deployment (or after a rollback that ended on the other target group): production on
# green, the service on CodeDeploy's revision 2 of the task definition (the new image), and the
# desired count Application Auto Scaling set.
run "after_deployment_state" {
  command   = apply
  state_key = "live"

  module {
    source = "./codedeploy"
  }

  variables {
    production_weights = [0, 1]
    test_on_green      = true
    on_green           = true
    task_definition    = "arn:aws:ecs:us-east-1:123456789012:task-definition/__STEM__:2"
    desired_count      = 5
  }

  assert {
    condition     = aws_ecs_service.service_service.task_definition == "arn:aws:ecs:us-east-1:123456789012:task-definition/__STEM__:2"
    error_message = "The state must hold CodeDeploy's task definition revision."
  }
}

run "after_deployment_new_image" {
  command   = plan
  state_key = "live"

  assert {
    condition     = aws_ecs_service.service_service.task_definition == "arn:aws:ecs:us-east-1:123456789012:task-definition/__STEM__:2"
    error_message = "A re-apply must keep the revision CodeDeploy deployed (a new image is a deployment, not a Terraform change)."
  }
  assert {
    condition     = [for group in aws_lb_listener.traffic_production.default_action[0].forward[0].target_group : group.weight if group.arn == aws_lb_target_group.traffic_green.arn] == [1]
    error_message = "A re-apply must keep production where CodeDeploy moved it."
  }
}

# A task-definition setting (memory) changes: Terraform registers a new revision and leaves the
# service alone; the next deployment's taskdef.json (built from the latest revision) rolls it out.
run "task_definition_setting_change" {
  command   = plan
  state_key = "live"

  module {
    source = "./changed"
  }

  assert {
    condition     = aws_ecs_service.service_service.task_definition == "arn:aws:ecs:us-east-1:123456789012:task-definition/__STEM__:2"
    error_message = "A setting change must not move the service off CodeDeploy's revision."
  }
}
