# Scaling through the fleet handover, for a stack with `scaling` (it needs a CPU target and at
# least one scheduled action). Policies and scheduled actions are keyed by the group they are
# attached to (local.scaling_groups): the seed while Terraform owns it, then the copy the
# deployment group names. The jest side checks every run's exact planned changes
# (__tests__/support/example-suite.ts); `./changed` is the same stack with the CPU target and
# the first scheduled action's minSize raised.
#
# A mocked provider cannot delete a resource on refresh, so the runs after the handover start
# from the refreshed state (state_key "handover": an apply while only the copy exists, the
# deployment group on the copy), as after-handover.tftest.hcl does.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "scaling_fresh_account" {
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
    condition     = toset(keys(aws_autoscaling_policy.scaling_cpu_utilization)) == toset(["__STEM__-seed"])
    error_message = "On a fresh account the policies must be attached to the seed, and only there."
  }
  assert {
    condition     = aws_autoscaling_policy.scaling_cpu_utilization["__STEM__-seed"].policy_type == "TargetTrackingScaling"
    error_message = "CPU scaling must be a target-tracking policy."
  }
}

# The seed is blue, CodeDeploy's copy green: the copy runs CodeDeploy's copy of the seed's
# policies; Terraform keeps its own on the seed and touches nothing.
run "scaling_during_first_deployment" {
  command = plan

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["__STEM__-seed", "CodeDeploy___STEM___d-A1B2C3D4E"]
    }
  }

  assert {
    condition     = toset(keys(aws_autoscaling_policy.scaling_cpu_utilization)) == toset(["__STEM__-seed"])
    error_message = "During the first deployment the policies must stay on the seed (the blue fleet)."
  }
}

run "scaling_rollback_of_first_deployment" {
  command = plan

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["__STEM__-seed"]
    }
  }

  assert {
    condition     = toset(keys(aws_autoscaling_policy.scaling_cpu_utilization)) == toset(["__STEM__-seed"])
    error_message = "After a rolled-back first deployment the seed serves and keeps its policies."
  }
}

run "scaling_after_handover" {
  command   = apply
  state_key = "handover"

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["CodeDeploy___STEM___d-A1B2C3D4E"]
    }
  }

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 0
    error_message = "After the handover Terraform must not own (or recreate) a seed."
  }
  assert {
    condition     = toset(keys(aws_autoscaling_policy.scaling_cpu_utilization)) == toset(["CodeDeploy___STEM___d-A1B2C3D4E"])
    error_message = "After the handover the policies must be attached to CodeDeploy's copy, the serving group."
  }
  assert {
    condition     = alltrue([for name, action in aws_autoscaling_schedule.scaling_scheduled___FIRST_ACTION__ : name == "CodeDeploy___STEM___d-A1B2C3D4E"])
    error_message = "After the handover the scheduled actions must be attached to CodeDeploy's copy."
  }
}

run "scaling_reapply_after_handover" {
  command   = plan
  state_key = "handover"

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["CodeDeploy___STEM___d-A1B2C3D4E"]
    }
  }

  assert {
    condition     = toset(keys(aws_autoscaling_policy.scaling_cpu_utilization)) == toset(["CodeDeploy___STEM___d-A1B2C3D4E"])
    error_message = "A re-apply must keep the policies on the copy."
  }
}

# A scaling setting changed after the handover reaches the serving copy on the next apply.
run "scaling_change_after_handover" {
  command   = plan
  state_key = "handover"

  module {
    source = "./changed"
  }

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["CodeDeploy___STEM___d-A1B2C3D4E"]
    }
  }

  assert {
    condition     = aws_autoscaling_policy.scaling_cpu_utilization["CodeDeploy___STEM___d-A1B2C3D4E"].target_tracking_configuration[0].target_value == __CHANGED_CPU__
    error_message = "The changed CPU target must reach the copy's policy."
  }
}

# A later deployment: the deployment group still names the blue copy, which keeps its policies;
# the green copy runs CodeDeploy's copy of them.
run "scaling_during_later_deployment" {
  command   = apply
  state_key = "handover"

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["CodeDeploy___STEM___d-A1B2C3D4E", "CodeDeploy___STEM___d-F5G6H7I8J", "another-app-asg"]
    }
  }

  assert {
    condition     = toset(keys(aws_autoscaling_policy.scaling_cpu_utilization)) == toset(["CodeDeploy___STEM___d-A1B2C3D4E"])
    error_message = "During a later deployment the policies must stay on the group the deployment group names (blue)."
  }
}

# The later deployment was rolled back: CodeDeploy deleted the green copy; blue serves, scaled.
run "scaling_rollback_of_later_deployment" {
  command   = plan
  state_key = "handover"

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = ["CodeDeploy___STEM___d-A1B2C3D4E"]
    }
  }

  assert {
    condition     = toset(keys(aws_autoscaling_policy.scaling_cpu_utilization)) == toset(["CodeDeploy___STEM___d-A1B2C3D4E"])
    error_message = "After a rollback the surviving copy must keep its policies."
  }
}

# Every fleet deleted by hand: the seed comes back and the policies with it. (In AWS the refresh
# drops the deleted copy's policies; the mock still holds them, so it plans their deletion.)
run "scaling_every_fleet_deleted" {
  command   = plan
  state_key = "handover"

  override_data {
    target = data.aws_autoscaling_groups.fleet_existing_groups
    values = {
      names = []
    }
  }

  assert {
    condition     = length(aws_autoscaling_group.fleet_seed) == 1 && toset(keys(aws_autoscaling_policy.scaling_cpu_utilization)) == toset(["__STEM__-seed"])
    error_message = "With every fleet gone the seed must come back with the policies attached."
  }
}
