# Plan-level checks every environment stack must pass, against the mocked AWS provider.
# Addresses are the stack's readable logical IDs (construct paths joined with "_").

mock_provider "aws" {
  source = "./tests/mocks"
}

run "fresh_account" {
  command = plan

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 1
    error_message = "A fresh account must get exactly one (seed) fleet."
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
}
