#!/usr/bin/env bats
# scripts/fleet-capacity.sh picks the live fleet by name, reads region and bounds from the
# synthesized stack; `aws` here is a recording fake (these tests check the script's choices,
# not AWS).

# The recording fake, written once per file; each test gets its own calls log and stacks folder
# in the temporary folder bats makes for it.
bats_require_minimum_version 1.5.0

setup_file() {
  FAKE_BIN="$BATS_FILE_TMPDIR/bin"
  mkdir -p "$FAKE_BIN"
  cat > "$FAKE_BIN/aws" <<'FAKE'
#!/usr/bin/env bash
echo "$*" >> "$CALLS"
if [ -n "$AWS_FAILS" ]; then
  echo "$AWS_FAILS" >&2
  exit 253
fi
case "$*" in
  *describe-auto-scaling-groups*) printf '%s\n' "$GROUPS_LISTED" ;;
esac
FAKE
  chmod +x "$FAKE_BIN/aws"
  export PATH="$FAKE_BIN:$PATH"
}

setup() {
  export CALLS="$BATS_TEST_TMPDIR/calls" GROUPS_LISTED="" AWS_FAILS=""
  export FLEET_STACKS_DIR="$BATS_TEST_TMPDIR/stacks"
  SCRIPT="$BATS_TEST_DIRNAME/../../scripts/fleet-capacity.sh"
}

# A synthesized stack as `npm run synth` writes it: provider region, seed bounds, scaling or not.
synthesized() { # stack region min max [policy]
  mkdir -p "$FLEET_STACKS_DIR/$1"
  local policies="{}"
  [ -z "${5:-}" ] || policies='{"scaling_cpu_utilization":{}}'
  printf '{"provider":{"aws":[{"region":"%s"}]},"resource":{"aws_autoscaling_group":{"fleet_seed":{"min_size":%s,"max_size":%s}},"aws_autoscaling_policy":%s}}\n' \
    "$2" "$3" "$4" "$policies" > "$FLEET_STACKS_DIR/$1/cdk.tf.json"
}

@test "resizes the seed before the first deployment, in the configured region" {
  synthesized webapp-prod eu-west-1 3 9
  GROUPS_LISTED=$'other-asg\twebapp-prod-seed'
  run "$SCRIPT" webapp-prod 3 9 4
  [ "$status" -eq 0 ]
  grep -qxF -- "--region eu-west-1 autoscaling describe-auto-scaling-groups --query AutoScalingGroups[].AutoScalingGroupName --output text" "$CALLS"
  grep -qx -- "--region eu-west-1 autoscaling update-auto-scaling-group --auto-scaling-group-name webapp-prod-seed --min-size 3 --max-size 9 --desired-capacity 4" "$CALLS"
}

@test "resizes CodeDeploy's copy after a deployment; --region overrides the configuration" {
  synthesized webapp-prod eu-west-1 3 9
  GROUPS_LISTED=$'CodeDeploy_webapp-prod_d-A1B2C3D4E\tCodeDeploy_webapp-dev_d-XYZ'
  run "$SCRIPT" webapp-prod 3 9 5 --region us-east-1
  [ "$status" -eq 0 ]
  grep -qx -- "--region us-east-1 autoscaling update-auto-scaling-group --auto-scaling-group-name CodeDeploy_webapp-prod_d-A1B2C3D4E --min-size 3 --max-size 9 --desired-capacity 5" "$CALLS"
}

@test "without sizes applies the configured bounds and leaves desired to Auto Scaling" {
  synthesized webapp-prod us-east-1 4 12 policy
  GROUPS_LISTED="CodeDeploy_webapp-prod_d-A1B2C3D4E"
  run "$SCRIPT" webapp-prod
  [ "$status" -eq 0 ]
  grep -qx -- "--region us-east-1 autoscaling update-auto-scaling-group --auto-scaling-group-name CodeDeploy_webapp-prod_d-A1B2C3D4E --min-size 4 --max-size 12" "$CALLS"
}

@test "refuses sizes outside the configured bounds, and says where the bounds live" {
  synthesized webapp-prod us-east-1 3 9
  run "$SCRIPT" webapp-prod 3 20 5
  [ "$status" -eq 2 ]
  [[ "$output" == *"3..20 leaves the configured bounds 3..9 of webapp-prod"* ]]
  [ ! -e "$CALLS" ]
}

@test "notes that target tracking moves a desired capacity it is given" {
  synthesized webapp-prod us-east-1 3 9 policy
  GROUPS_LISTED="webapp-prod-seed"
  run "$SCRIPT" webapp-prod 3 9 6
  [ "$status" -eq 0 ]
  [[ "$output" == *"scales by target tracking"* ]]
}

@test "shows the AWS CLI's own error instead of 'no fleet found'" {
  synthesized webapp-prod us-east-1 3 9
  AWS_FAILS="Unable to locate credentials. You can configure credentials by running \"aws configure\"."
  run "$SCRIPT" webapp-prod 3 9 4
  [ "$status" -eq 253 ]
  [[ "$output" == *"Unable to locate credentials"* ]]
  [[ "$output" != *"no fleet"* ]]
  ! grep -q update-auto-scaling-group "$CALLS"
}

@test "refuses while a deployment is under way" {
  synthesized webapp-prod us-east-1 3 9
  GROUPS_LISTED=$'CodeDeploy_webapp-prod_d-A1B2C3D4E\tCodeDeploy_webapp-prod_d-F5G6H7I8J'
  run "$SCRIPT" webapp-prod 3 9 5
  [ "$status" -eq 1 ]
  [[ "$output" == *"a deployment of webapp-prod is under way"* ]]
  ! grep -q update-auto-scaling-group "$CALLS"
}

@test "refuses sizes out of order, unknown fleets, and a stack that was not synthesized" {
  synthesized webapp-prod us-east-1 1 9
  run "$SCRIPT" webapp-prod 5 3 4
  [ "$status" -eq 2 ]
  [[ "$output" == *"need MIN <= DESIRED <= MAX, got 5 <= 4 <= 3"* ]]
  GROUPS_LISTED="other-asg"
  run "$SCRIPT" webapp-prod 1 3 2
  [ "$status" -eq 1 ]
  [[ "$output" == *"no fleet of webapp-prod in us-east-1 (looked for webapp-prod-seed and CodeDeploy_webapp-prod_d-*)"* ]]
  run "$SCRIPT" webapp-staging 1 3 2
  [ "$status" -eq 2 ]
  [[ "$output" == *"no synthesized configuration for webapp-staging"*"run npm run synth first"* ]]
}

@test "--dry-run prints the command without calling update" {
  synthesized webapp-dev us-east-1 1 2
  GROUPS_LISTED="webapp-dev-seed"
  run "$SCRIPT" webapp-dev 1 2 2 --dry-run
  [ "$status" -eq 0 ]
  [[ "$output" == *"update-auto-scaling-group --auto-scaling-group-name webapp-dev-seed --min-size 1 --max-size 2 --desired-capacity 2"* ]]
  ! grep -q update-auto-scaling-group "$CALLS"
}

@test "--help prints the usage to stdout and exits 0, wherever it stands; no arguments is a usage error on stderr" {
  expected=$'usage: npm run fleet:capacity -- STACK [MIN MAX DESIRED] [--region REGION] [--dry-run] | --help\n  STACK is <appName>-<env>, the stack and deployment group name (e.g. webapp-prod).\n  FLEET_STACKS_DIR: where the synthesized stacks are (default cdktf.out/stacks).'
  run --separate-stderr "$SCRIPT" --help
  [ "$status" -eq 0 ]
  [ "$output" = "$expected" ]
  [ -z "$stderr" ]
  run --separate-stderr "$SCRIPT" webapp-prod 3 9 4 --help
  [ "$status" -eq 0 ]
  [ "$output" = "$expected" ]
  run --separate-stderr "$SCRIPT"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [ "$stderr" = "$expected" ]
  [ ! -e "$CALLS" ]
}
