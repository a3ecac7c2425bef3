# Terraform and CodeDeploy on one Lambda alias: CodeDeploy owns the alias's function_version and
# routing_config (it moves them with UpdateAlias during a deployment), the pipeline owns the code
# after the first apply, Terraform owns everything else. A mocked provider cannot play
# CodeDeploy, so its writes are applies of the stack as CodeDeploy leaves it (`./codedeploy_*`:
# the alias with literal values and no lifecycle), and Terraform's side is a plan of the stack
# with one change of its own (`./config_change`, `./new_code`) from that state (state_key: one state for every module source): the jest side
# (__tests__/stacks/lambda-stack.test.ts) checks each plan's exact changes. Seven runs, one state.

mock_provider "aws" {
  source = "./tests/mocks"

  # Terraform published version 1; CodeDeploy shifts between the versions the pipeline publishes.
  mock_resource "aws_lambda_function" {
    defaults = {
      version       = "1"
      arn           = "arn:aws:lambda:us-east-1:123456789012:function:__STEM__"
      qualified_arn = "arn:aws:lambda:us-east-1:123456789012:function:__STEM__:1"
      invoke_arn    = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:__STEM__/invocations"
    }
  }
  mock_resource "aws_lambda_alias" {
    defaults = {
      arn        = "arn:aws:lambda:us-east-1:123456789012:function:__STEM__:live"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:__STEM__:live/invocations"
    }
  }
}

# A fresh account: the alias serves the version Terraform published, unweighted.
run "fresh_account" {
  command   = apply
  state_key = "estate"

  assert {
    condition     = aws_lambda_alias.alias.function_version == aws_lambda_function.function_function.version && length(aws_lambda_alias.alias.routing_config) == 0
    error_message = "A fresh alias must serve the published version with no weights."
  }
  assert {
    condition     = aws_lambda_function.function_function.publish == true
    error_message = "Every change must publish a version for CodeDeploy to shift to."
  }
  assert {
    condition     = strcontains(aws_codebuild_project.build_project.source[0].buildspec, "sleep \"$${POLL_SECONDS:-15}\"")
    error_message = "The release script must reach CodeBuild with its shell expansions intact, not interpolated by Terraform."
  }
}

# CodeDeploy's first canary step: UpdateAlias keeps version 1 and sends 10 % to version 2.
run "during_canary" {
  command   = apply
  state_key = "estate"

  module {
    source = "./codedeploy_canary"
  }

  assert {
    condition     = aws_lambda_alias.alias.routing_config[0].additional_version_weights["2"] == 0.1
    error_message = "The state must hold the canary's weighted routing."
  }
}

# Mid-canary, a configuration change (memory): Terraform updates the function and publishes,
# and leaves the alias, weights and all, to CodeDeploy.
run "configuration_only_change" {
  command   = plan
  state_key = "estate"

  module {
    source = "./config_change"
  }

  assert {
    condition     = aws_lambda_alias.alias.function_version == "1" && aws_lambda_alias.alias.routing_config[0].additional_version_weights["2"] == 0.1
    error_message = "A plan during a canary must leave the alias's version and weights as CodeDeploy set them."
  }
}

# The shift completed: the alias serves version 2 unweighted, a version Terraform's state does
# not name (the pipeline published it).
run "after_completed_deployment" {
  command   = apply
  state_key = "estate"

  module {
    source = "./codedeploy_completed"
  }

  assert {
    condition     = aws_lambda_alias.alias.function_version == "2" && length(aws_lambda_alias.alias.routing_config) == 0
    error_message = "The state must hold the completed shift."
  }
}

# A new package in Terraform's configuration after the completed shift: the pipeline owns the
# code, so Terraform plans nothing, and the alias stays on version 2.
run "new_code_package" {
  command   = plan
  state_key = "estate"

  module {
    source = "./new_code"
  }

  assert {
    condition     = aws_lambda_alias.alias.function_version == "2"
    error_message = "A plan after a completed shift must keep the alias on the version CodeDeploy moved it to."
  }
}

# A later deployment rolled back: CodeDeploy moved the alias back to version 1, which is also the
# version Terraform's state names, so nothing is left for a plan to reconcile.
run "after_rollback" {
  command   = apply
  state_key = "estate"

  module {
    source = "./codedeploy_rolled_back"
  }

  assert {
    condition     = aws_lambda_alias.alias.function_version == aws_lambda_function.function_function.version && length(aws_lambda_alias.alias.routing_config) == 0
    error_message = "After a rollback the alias must serve the version Terraform's state names, unweighted."
  }
}

# After the rollback, the stack itself (no variant) plans nothing: the alias is back on the
# version Terraform's state names, and the weights CodeDeploy cleared are not Terraform's.
run "reapply_after_rollback" {
  command   = plan
  state_key = "estate"

  assert {
    condition     = aws_lambda_alias.alias.function_version == "1"
    error_message = "A plan after a rollback must keep the alias on the version CodeDeploy returned it to."
  }
}
