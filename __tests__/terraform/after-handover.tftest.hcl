# After a successful blue/green deployment CodeDeploy deleted the seed and serves from its copy
# CodeDeploy___STEM___d-…; Terraform's refresh has dropped the seed from state. A mocked
# provider cannot delete a resource on refresh, so this file starts from that refreshed state:
# an apply while only the copy exists (state: everything but the seed, the deployment group on
# the copy, as the real refresh reads it back).

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
  command = apply

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 0
    error_message = "Once CodeDeploy's copy serves, Terraform must not own (or recreate) a seed."
  }
}

# Scenario 2: re-applying after the deployment plans nothing for the fleet or the group.
run "reapply_after_deployment" {
  command = plan

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
  command = plan

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

# Scenario 3 after handover: the second deployment is under way; two copies exist.
run "during_second_deployment" {
  command = plan

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
  command = plan

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
  command = plan
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
  command = plan
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
  command = plan

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
