# The estate on a fresh account, then how Terraform and CodeDeploy share the fleet: through a
# deployment in progress and a rolled-back first deployment, the plan never touches the live
# fleet. Addresses are the stack's readable logical IDs (construct paths joined with "_").
# (The jest side also checks every run's planned actions: __tests__/support/stack-suite.ts.)

mock_provider "aws" {
  source = "./tests/mocks"
}

# Scenario 1: a fresh account gets the complete estate with exactly one fleet, the seed; the
# estate's properties that matter are checked on the way.
run "fresh_account_apply" {
  command = apply

  # A fresh account: no seed-generation record yet.
  override_data {
    target = data.aws_ssm_parameters_by_path.fleet_seed_generation
    values = {
      names  = []
      values = []
    }
  }

  assert {
    condition     = aws_autoscaling_group.fleet_seed[0].health_check_type == "ELB" && aws_autoscaling_group.fleet_seed[0].launch_template[0].version == "$Latest"
    error_message = "The seed fleet must use ELB health checks and the launch template at $Latest."
  }
  assert {
    condition     = aws_launch_template.fleet_template.image_id == "ami-0123456789abcdef0"
    error_message = "The AMI must come from the public SSM parameter."
  }
  assert {
    condition     = aws_launch_template.fleet_template.metadata_options[0].http_tokens == "required" && aws_launch_template.fleet_template.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "IMDSv2 must be required with hop limit 1."
  }
  assert {
    condition     = aws_launch_template.fleet_template.block_device_mappings[0].ebs[0].encrypted == "true" && aws_launch_template.fleet_template.block_device_mappings[0].ebs[0].volume_type == "gp3"
    error_message = "The root volume must be encrypted gp3."
  }
  assert {
    condition     = aws_lb.load_balancer_alb.drop_invalid_header_fields && !aws_lb.load_balancer_alb.internal
    error_message = "The ALB must be internet-facing and drop invalid header fields."
  }
  assert {
    condition     = aws_lb_target_group.load_balancer_production.target_type == "instance"
    error_message = "The production target group must target instances."
  }
  assert {
    condition     = aws_codedeploy_deployment_group.deployment_group.deployment_style[0].deployment_type == "BLUE_GREEN" && aws_codedeploy_deployment_group.deployment_group.deployment_style[0].deployment_option == "WITH_TRAFFIC_CONTROL"
    error_message = "The deployment group must be blue/green with traffic control."
  }
  assert {
    condition     = aws_codedeploy_deployment_group.deployment_group.blue_green_deployment_config[0].green_fleet_provisioning_option[0].action == "COPY_AUTO_SCALING_GROUP"
    error_message = "The green fleet must be a copy of the live Auto Scaling group."
  }
  assert {
    condition     = aws_codedeploy_deployment_group.deployment_group.autoscaling_groups == toset([aws_autoscaling_group.fleet_seed[0].name])
    error_message = "On a fresh account the deployment group must point at the seed fleet."
  }
  assert {
    condition     = toset(aws_codedeploy_deployment_group.deployment_group.auto_rollback_configuration[0].events) == toset(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"])
    error_message = "Rollback must happen on failure and on alarm."
  }
  assert {
    condition     = length(aws_codedeploy_deployment_group.deployment_group.alarm_configuration[0].alarms) == 3
    error_message = "All three alarms must gate the deployment."
  }
  assert {
    condition = alltrue([
      aws_cloudwatch_metric_alarm.monitoring_target_5xx.namespace == "AWS/ApplicationELB",
      aws_cloudwatch_metric_alarm.monitoring_unhealthy_hosts.namespace == "AWS/ApplicationELB",
      aws_cloudwatch_metric_alarm.monitoring_target_response_time_p99.namespace == "AWS/ApplicationELB",
    ])
    error_message = "Alarms must watch ALB metrics (there is no AWS/CodeDeploy namespace)."
  }
  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 1 && aws_autoscaling_group.fleet_seed[0].name == "__STEM__-seed"
    error_message = "A fresh account must get exactly one fleet: the seed."
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

# Scenario 4 (before handover, the seed serving): a new AMI updates the launch template in
# place; the seed launches it at $Latest, so nothing else changes.
run "new_ami_before_handover" {
  command = plan

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["__STEM__-seed"]
    }
  }

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
