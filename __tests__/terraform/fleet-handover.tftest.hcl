# Terraform and CodeDeploy share the fleet: from a fresh apply through a deployment in
# progress and a rolled-back first deployment, the plan never touches the live fleet.
# (The jest side also checks every run's planned actions; see __tests__/fleet-handover.test.ts.)

mock_provider "aws" {
  source = "./tests/mocks"
}

# Scenario 1: a fresh account gets the complete estate with exactly one fleet, the seed.
run "fresh_account_apply" {
  command = apply

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 1 && aws_autoscaling_group.fleet_seed[0].name == "__STEM__-seed"
    error_message = "A fresh account must get exactly one fleet: the seed."
  }
  assert {
    condition     = aws_codedeploy_deployment_group.deployment_group.autoscaling_groups == toset(["__STEM__-seed"])
    error_message = "The deployment group must start on the seed fleet."
  }
}

# Scenario 3a: during the first deployment both the seed (blue) and CodeDeploy's copy (green) exist.
run "during_first_deployment" {
  command = plan

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["__STEM__-seed", "CodeDeploy___STEM___d-A1B2C3D4E"]
    }
  }

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 1
    error_message = "While the seed exists Terraform must keep it: it may still be the live fleet."
  }
}

# Scenario 3b: the first deployment was rolled back; CodeDeploy removed its copy, the seed serves on.
run "after_rolled_back_first_deployment" {
  command = plan

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["__STEM__-seed"]
    }
  }

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 1
    error_message = "After a rollback the seed is the live fleet and must stay."
  }
}

# Scenario 4 (before handover): a new AMI updates the launch template in place; the seed
# launches it at $Latest, so nothing else changes.
run "new_ami_before_handover" {
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
