# Realistic values for the lookups every stack makes; everything else the mock invents.
mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:user/ci"
  }
}

mock_data "aws_vpc" {
  defaults = {
    id         = "vpc-0123456789abcdef0"
    cidr_block = "172.31.0.0/16"
  }
}

mock_data "aws_subnets" {
  defaults = {
    ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0ccccccccccccccc3"]
  }
}

mock_data "aws_ssm_parameter" {
  defaults = {
    insecure_value = "ami-0123456789abcdef0"
    value          = "ami-0123456789abcdef0"
    type           = "String"
  }
}

# A chosen AMI (examples with "ami"): EBS-backed x86_64, an 8 GiB root snapshot on /dev/xvda.
mock_data "aws_ami" {
  defaults = {
    id               = "ami-0123456789abcdef0"
    architecture     = "x86_64"
    root_device_name = "/dev/xvda"
    root_device_type = "ebs"
    block_device_mappings = [
      { device_name = "/dev/xvda", no_device = "", virtual_name = "", ebs = { volume_size = "8", volume_type = "gp3", encrypted = "false", snapshot_id = "snap-0123456789abcdef0", delete_on_termination = "true", iops = "3000", throughput = "125" } },
    ]
  }
}

mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}

# A fresh account: no Auto Scaling group exists yet.
mock_data "aws_autoscaling_groups" {
  defaults = {
    names = []
    arns  = []
  }
}

# The seed-generation record after the first apply wrote it (a fresh account's runs override
# it with no parameter: GetParametersByPath returns nothing).
mock_data "aws_ssm_parameters_by_path" {
  defaults = {
    names  = ["/codedeploy-bluegreen/app/env/seed-generation"]
    values = ["1"]
  }
}

# Resources whose ARNs or IDs other resources take: the provider validates those values once
# they are known (after an apply), so they must look real.
mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/webapp/0123456789abcdef"
    arn_suffix = "app/webapp/0123456789abcdef"
    dns_name   = "webapp-0123456789.us-east-1.elb.amazonaws.com"
    zone_id    = "Z35SXDOTRQ7X7K"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/webapp-web/0123456789abcdef"
    arn_suffix = "targetgroup/webapp-web/0123456789abcdef"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/webapp/0123456789abcdef/0123456789abcdef"
  }
}

mock_resource "aws_security_group" {
  defaults = {
    id  = "sg-0123456789abcdef0"
    arn = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn       = "arn:aws:iam::123456789012:role/webapp-role"
    unique_id = "AROA0123456789EXAMPLE"
  }
}

mock_resource "aws_iam_instance_profile" {
  defaults = {
    arn = "arn:aws:iam::123456789012:instance-profile/webapp-instance"
  }
}

mock_resource "aws_launch_template" {
  defaults = {
    id             = "lt-0123456789abcdef0"
    arn            = "arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0123456789abcdef0"
    latest_version = 1
  }
}

mock_resource "aws_autoscaling_group" {
  defaults = {
    arn = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/webapp-seed"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:us-east-1:123456789012:key/0b5a8c3e-1234-4d5e-9f00-112233445566"
    key_id = "0b5a8c3e-1234-4d5e-9f00-112233445566"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:us-east-1:123456789012:webapp-deployments"
  }
}

mock_resource "aws_cloudwatch_metric_alarm" {
  defaults = {
    arn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:webapp-alarm"
  }
}

mock_resource "aws_codedeploy_app" {
  defaults = {
    arn = "arn:aws:codedeploy:us-east-1:123456789012:application:webapp"
  }
}

mock_resource "aws_codedeploy_deployment_group" {
  defaults = {
    arn = "arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:webapp/webapp"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn                         = "arn:aws:s3:::webapp-artifacts-123456789012"
    bucket_domain_name          = "webapp-artifacts-123456789012.s3.amazonaws.com"
    bucket_regional_domain_name = "webapp-artifacts-123456789012.s3.us-east-1.amazonaws.com"
  }
}

mock_resource "aws_codecommit_repository" {
  defaults = {
    arn            = "arn:aws:codecommit:us-east-1:123456789012:webapp"
    clone_url_http = "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/webapp"
    clone_url_ssh  = "ssh://git-codecommit.us-east-1.amazonaws.com/v1/repos/webapp"
  }
}

mock_resource "aws_codestarconnections_connection" {
  defaults = {
    arn               = "arn:aws:codestar-connections:us-east-1:123456789012:connection/0b5a8c3e-1234-4d5e-9f00-112233445566"
    connection_status = "PENDING"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/webapp-build"
  }
}

mock_resource "aws_codebuild_project" {
  defaults = {
    arn = "arn:aws:codebuild:us-east-1:123456789012:project/webapp-build"
  }
}

mock_resource "aws_codepipeline" {
  defaults = {
    arn = "arn:aws:codepipeline:us-east-1:123456789012:webapp"
  }
}

mock_resource "aws_cloudwatch_event_rule" {
  defaults = {
    arn = "arn:aws:events:us-east-1:123456789012:rule/webapp-rule"
  }
}

# The fleet's instance type is offered in the Region (the preconditions file empties this list).
mock_data "aws_ec2_instance_type_offerings" {
  defaults = {
    instance_types = ["t3.micro", "t3.small"]
    locations      = ["us-east-1"]
    location_types = ["region", "region"]
  }
}
