# After a successful blue/green deployment CodeDeploy deleted the seed and serves from its copy
# CodeDeploy___STEM___d-…; Terraform's refresh has dropped the seed from state. A mocked
# provider cannot delete a resource on refresh, so this file starts from that refreshed state:
# an apply while only the copy exists (state: everything but the seed, the deployment group on
# the copy, as the real refresh reads it back). Every run shares that state (state_key
# "handover"), the run of a changed stack (module ./bounds-changed) included.

mock_provider "aws" {
  source = "./tests/mocks"
}

override_data {
  target = data.aws_autoscaling_groups.fleet_existing_groups
  values = {
    names = ["CodeDeploy___STEM___d-A1B2C3D4E"]
  }
}

# CodeDeploy copied the seed's capacity: the copy has the configured bounds.
override_data {
  target = data.aws_autoscaling_group.fleet_copies
  values = {
    min_size = __MIN_SIZE__
    max_size = __MAX_SIZE__
  }
}

run "state_after_first_deployment" {
  command   = apply
  state_key = "handover"

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 0
    error_message = "Once CodeDeploy's copy serves, Terraform must not own (or recreate) a seed."
  }
}

# Scenario 2: re-applying after the deployment plans nothing for the fleet or the group.
run "reapply_after_deployment" {
  command   = plan
  state_key = "handover"

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 0
    error_message = "A re-apply must not recreate the seed CodeDeploy deleted."
  }
  assert {
    condition     = aws_codedeploy_deployment_group.deployment_group.autoscaling_groups == toset(["CodeDeploy___STEM___d-A1B2C3D4E"])
    error_message = "The deployment group must keep pointing at the live copy."
  }
}

# The configuration's minSize/maxSize changed after the handover: Terraform cannot set the bounds
# of CodeDeploy's copy, so the plan changes nothing and its check block fails (a warning in a
# plan) with the command that applies them. Not in a stack whose scheduled actions own the
# bounds (no check there: __BOUNDS_CHECK__ is empty).
run "bounds_changed_after_handover" {
  command   = plan
  state_key = "handover"

  expect_failures = [__BOUNDS_CHECK__]

  override_data {
    target = data.aws_autoscaling_group.fleet_copies
    values = {
      min_size = 100
      max_size = 100
    }
  }

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 0
    error_message = "A bounds change after the handover must not bring back a Terraform-owned fleet."
  }
}

# The configuration's bounds changed after the handover (maxSize up by one; `./bounds-changed` is
# that stack): the next apply reaches the serving copy through the serving-bounds invocation,
# whose input is the configuration alone, and through nothing else: no group is created,
# deleted or adopted. Every run of this file shares the state "handover", so the changed stack
# is planned against the state after the handover. The copy still has the old bounds, so
# the check says so too (its message says this apply sets them). A mocked provider plans the input
# change as an update; the real one (CustomizeDiff of aws_lambda_invocation under CREATE_ONLY)
# as a replacement, whose delete does nothing: one invocation either way.
run "bounds_configured_after_handover" {
  command   = plan
  state_key = "handover"

  module {
    source = "./bounds-changed"
  }

  expect_failures = [__BOUNDS_CHECK__]

  assert {
    condition     = jsondecode(aws_lambda_invocation.serving_bounds_invocation.input).maxSize == __CHANGED_MAX_SIZE__
    error_message = "The changed maxSize must reach the serving-bounds invocation's input."
  }
  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 0
    error_message = "A bounds change after the handover must not bring back a Terraform-owned fleet."
  }
}

# A later deployment succeeded: CodeDeploy made a new copy and deleted the old one. The
# invocation's input names no group, so a re-apply plans nothing for it (nor anything else).
run "reapply_after_new_copy" {
  command   = plan
  state_key = "handover"

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["CodeDeploy___STEM___d-F5G6H7I8J"]
    }
  }

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 0
    error_message = "A re-apply after a new copy must not recreate the seed."
  }
}

# Scenario 3 after handover: the second deployment is under way; two copies exist.
run "during_second_deployment" {
  command   = plan
  state_key = "handover"

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["CodeDeploy___STEM___d-A1B2C3D4E", "CodeDeploy___STEM___d-F5G6H7I8J", "another-app-asg"]
    }
  }

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 0
    error_message = "During a later deployment Terraform must not create a fleet."
  }
}

# Scenario 4 (after handover): a new AMI updates only the launch template; the next
# deployment's copy launches it.
run "new_ami_after_handover" {
  command   = plan
  state_key = "handover"

  override_data {
    target = data.aws_ssm_parameter.fleet_ami
    values = {
      insecure_value = "ami-0fedcba9876543210"
      value          = "ami-0fedcba9876543210"
    }
  }

  assert {
    condition     = aws_launch_template.fleet_template.image_id == "ami-0fedcba9876543210"
    error_message = "The launch template must take the new AMI."
  }
}

# Handover edge: the deployment group is created or re-created (here: replaced) while two
# CodeDeploy copies exist, in a deployment's blue termination wait (the seed long gone). COPY_AUTO_SCALING_GROUP takes
# exactly one group: the serving copy, the one attached to the production target group.
run "group_recreated_while_two_copies_exist" {
  command   = plan
  state_key = "handover"
  plan_options {
    replace = [aws_codedeploy_deployment_group.deployment_group]
  }

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["CodeDeploy___STEM___d-B2222222B", "CodeDeploy___STEM___d-A1111111A"]
    }
  }
  override_data {
    target = data.aws_autoscaling_group.fleet_copies["CodeDeploy___STEM___d-A1111111A"]
    values = {
      target_group_arns = ["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/__STEM__-web/0123456789abcdef"]
      min_size          = __MIN_SIZE__
      max_size          = __MAX_SIZE__
    }
  }

  assert {
    condition     = aws_codedeploy_deployment_group.deployment_group.autoscaling_groups == toset(["CodeDeploy___STEM___d-A1111111A"])
    error_message = "Created while two copies exist, the group must name exactly the one attached to the production target group."
  }
}

# The same, when the target group does not single one out: still exactly one, the last name in
# sort order, so two plans of the same account never disagree.
run "group_recreated_while_two_unattached_copies_exist" {
  command   = plan
  state_key = "handover"
  plan_options {
    replace = [aws_codedeploy_deployment_group.deployment_group]
  }

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["CodeDeploy___STEM___d-B2222222B", "CodeDeploy___STEM___d-A1111111A"]
    }
  }

  assert {
    condition     = aws_codedeploy_deployment_group.deployment_group.autoscaling_groups == toset(["CodeDeploy___STEM___d-B2222222B"])
    error_message = "Created while two copies exist, the group must name exactly one of them, chosen deterministically."
  }
}

# Handover edge: every fleet deleted (the seed long gone, and CodeDeploy's copies too). The next
# apply brings the seed back, and the deployment group, which still names the deleted copy
# (CodeDeploy's list, which Terraform ignores), is re-created on the seed: the seed-generation
# record (read on every plan, written on every apply) moves on, and that replaces the group.
# That it happens once: the runs after fleet-handover's fresh account (the same record, written
# by the apply that created a seed, read back by the next plan) plan no change.
run "every_fleet_deleted" {
  command   = plan
  state_key = "handover"

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = []
    }
  }

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 1
    error_message = "With every fleet deleted the seed must come back."
  }
  assert {
    condition     = aws_codedeploy_deployment_group.deployment_group.autoscaling_groups == toset(["__STEM__-seed"])
    error_message = "With every fleet deleted the deployment group must name the seed again, not the deleted copy."
  }
}
