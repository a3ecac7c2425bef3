# Subnet tiers chosen by tag and the fleet narrowed to the zones offering its instance type
# (examples/private-fleet-public-alb.json: Tier=public for the load balancer, Tier=private for
# m5.large instances). Realistic us-east-1 data: public and private subnets in four zones; the
# zone use1-az3 (us-east-1e here) offers no m5.large, so DescribeSubnets, filtered by the zone IDs
# the offerings lookup returns (and the load balancer's zones), leaves the private subnet there
# out. The mock cannot filter: each run states what AWS would return. The load balancer is
# dual-stack: each public subnet has an IPv6 /64 of the VPC's Amazon-provided /56.

mock_provider "aws" {
  source = "./tests/mocks"
}

override_data {
  target = data.aws_ec2_instance_type_offerings.network_fleet_zones
  values = {
    instance_types = ["m5.large", "m5.large", "m5.large", "m5.large", "m5.large"]
    locations      = ["use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"]
    location_types = ["availability-zone-id", "availability-zone-id", "availability-zone-id", "availability-zone-id", "availability-zone-id"]
  }
}

override_data {
  target = data.aws_subnets.network_subnets
  values = { ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1", "subnet-0ccccccccccccccc1", "subnet-0eeeeeeeeeeeeeee1"] }
}
override_data {
  target = data.aws_subnet.network_subnet_details["subnet-0aaaaaaaaaaaaaaa1"]
  values = { id = "subnet-0aaaaaaaaaaaaaaa1", availability_zone = "us-east-1a", availability_zone_id = "use1-az4", ipv6_cidr_block = "2600:1f18:4a2:a100::/64" }
}
override_data {
  target = data.aws_subnet.network_subnet_details["subnet-0bbbbbbbbbbbbbbb1"]
  values = { id = "subnet-0bbbbbbbbbbbbbbb1", availability_zone = "us-east-1b", availability_zone_id = "use1-az6", ipv6_cidr_block = "2600:1f18:4a2:b100::/64" }
}
override_data {
  target = data.aws_subnet.network_subnet_details["subnet-0ccccccccccccccc1"]
  values = { id = "subnet-0ccccccccccccccc1", availability_zone = "us-east-1c", availability_zone_id = "use1-az1", ipv6_cidr_block = "2600:1f18:4a2:c100::/64" }
}
override_data {
  target = data.aws_subnet.network_subnet_details["subnet-0eeeeeeeeeeeeeee1"]
  values = { id = "subnet-0eeeeeeeeeeeeeee1", availability_zone = "us-east-1e", availability_zone_id = "use1-az3", ipv6_cidr_block = "2600:1f18:4a2:e100::/64" }
}

# The private subnets in the zones that offer m5.large (not us-east-1e).
override_data {
  target = data.aws_subnets.network_fleet_subnets
  values = { ids = ["subnet-0aaaaaaaaaaaaaaa2", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0ccccccccccccccc2"] }
}
override_data {
  target = data.aws_subnet.network_fleet_subnet_details["subnet-0aaaaaaaaaaaaaaa2"]
  values = { id = "subnet-0aaaaaaaaaaaaaaa2", availability_zone = "us-east-1a", availability_zone_id = "use1-az4" }
}
override_data {
  target = data.aws_subnet.network_fleet_subnet_details["subnet-0bbbbbbbbbbbbbbb2"]
  values = { id = "subnet-0bbbbbbbbbbbbbbb2", availability_zone = "us-east-1b", availability_zone_id = "use1-az6" }
}
override_data {
  target = data.aws_subnet.network_fleet_subnet_details["subnet-0ccccccccccccccc2"]
  values = { id = "subnet-0ccccccccccccccc2", availability_zone = "us-east-1c", availability_zone_id = "use1-az1" }
}

run "private_fleet_in_offering_zones_behind_public_alb" {
  command = plan

  assert {
    condition     = contains(data.aws_subnets.network_subnets.filter[*].name, "tag:Tier") && !contains(data.aws_subnets.network_subnets.filter[*].name, "availability-zone-id")
    error_message = "The load balancer's subnets are selected by the Tier tag, in every zone."
  }
  assert {
    condition     = [for f in data.aws_subnets.network_fleet_subnets.filter : f.values if f.name == "availability-zone-id"][0] == toset(["use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"])
    error_message = "The fleet's subnet lookup is filtered by the zone IDs that offer the instance type."
  }
  assert {
    condition     = [for f in data.aws_subnets.network_fleet_subnets.filter : f.values if f.name == "availability-zone"][0] == toset(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1e"])
    error_message = "The fleet's subnet lookup keeps to the load balancer's zones."
  }
  assert {
    condition     = [for f in data.aws_subnets.network_fleet_subnets.filter : f.values if f.name == "tag:Tier"][0] == toset(["private"])
    error_message = "The fleet's subnets are the private tier."
  }
  assert {
    condition     = aws_autoscaling_group.fleet_seed[0].vpc_zone_identifier == toset(["subnet-0aaaaaaaaaaaaaaa2", "subnet-0bbbbbbbbbbbbbbb2", "subnet-0ccccccccccccccc2"])
    error_message = "The seed fleet spans exactly the private subnets in zones offering m5.large."
  }
  assert {
    condition     = aws_lb.load_balancer_alb.ip_address_type == "dualstack"
    error_message = "The load balancer answers IPv4 and IPv6 clients."
  }
  assert {
    condition     = aws_lb.load_balancer_alb.subnets == toset(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb1", "subnet-0ccccccccccccccc1", "subnet-0eeeeeeeeeeeeeee1"])
    error_message = "The load balancer spans every public subnet."
  }
}

# The two failing runs below each break exactly one of the load balancer's preconditions (the
# others hold on their data), so the expected failure is that one.

# Tier=public also matches a second subnet in us-east-1a: CreateLoadBalancer would refuse it.
run "two_load_balancer_subnets_in_one_zone" {
  command = plan

  override_data {
    target = data.aws_subnet.network_subnet_details["subnet-0eeeeeeeeeeeeeee1"]
    values = { id = "subnet-0eeeeeeeeeeeeeee1", availability_zone = "us-east-1a", availability_zone_id = "use1-az4", ipv6_cidr_block = "2600:1f18:4a2:e100::/64" }
  }

  expect_failures = [aws_lb.load_balancer_alb]
}

# Tier=private matched only in us-east-1a: a fleet in one zone goes down with it.
run "fleet_in_one_zone" {
  command = plan

  override_data {
    target = data.aws_subnet.network_fleet_subnet_details["subnet-0bbbbbbbbbbbbbbb2"]
    values = { id = "subnet-0bbbbbbbbbbbbbbb2", availability_zone = "us-east-1a", availability_zone_id = "use1-az4" }
  }
  override_data {
    target = data.aws_subnet.network_fleet_subnet_details["subnet-0ccccccccccccccc2"]
    values = { id = "subnet-0ccccccccccccccc2", availability_zone = "us-east-1a", availability_zone_id = "use1-az4" }
  }

  expect_failures = [aws_lb.load_balancer_alb]
}

# No zone of the Region offers the type.
run "no_zone_offers_the_instance_type" {
  command = plan

  override_data {
    target = data.aws_ec2_instance_type_offerings.network_fleet_zones
    values = { instance_types = [], locations = [], location_types = [] }
  }

  expect_failures = [data.aws_ec2_instance_type_offerings.network_fleet_zones]
}

# Dual-stack, but the us-east-1e public subnet has no IPv6 CIDR block: CreateLoadBalancer would
# refuse it (ELB user guide, "Dualstack requirements").
run "dual_stack_subnet_without_ipv6" {
  command = plan

  override_data {
    target = data.aws_subnet.network_subnet_details["subnet-0eeeeeeeeeeeeeee1"]
    values = { id = "subnet-0eeeeeeeeeeeeeee1", availability_zone = "us-east-1e", availability_zone_id = "use1-az3", ipv6_cidr_block = "" }
  }

  expect_failures = [aws_lb.load_balancer_alb]
}
