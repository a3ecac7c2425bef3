# The subnet checks fail the plan before anything is created. They do not depend on the
# environment's settings, so one stack (dev) runs them.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "subnets_in_one_zone_fail_the_plan" {
  command = plan

  override_data {
    target = data.aws_subnet.network_subnet_details
    values = {
      availability_zone = "us-east-1a"
    }
  }

  expect_failures = [aws_lb.load_balancer_alb]
}

run "fewer_than_two_subnets_fail_the_plan" {
  command = plan

  override_data {
    target = data.aws_subnets.network_subnets
    values = {
      ids = ["subnet-0aaaaaaaaaaaaaaa1"]
    }
  }

  expect_failures = [data.aws_subnets.network_subnets]
}

# A well-formed instance type the Region does not offer (only the EC2 API knows): the offerings
# lookup comes back empty and its postcondition fails the plan.
run "an_instance_type_the_region_does_not_offer_fails_the_plan" {
  command = plan

  override_data {
    target = data.aws_ec2_instance_type_offerings.fleet_instance_type
    values = {
      instance_types = []
    }
  }

  expect_failures = [data.aws_ec2_instance_type_offerings.fleet_instance_type]
}
