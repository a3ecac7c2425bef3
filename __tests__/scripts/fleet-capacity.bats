#!/usr/bin/env bats
# scripts/fleet-capacity.sh picks the live fleet by name; `aws` here is a recording fake
# (these tests check the script's choices, not AWS).

setup() {
  FAKE_BIN=$(mktemp -d)
  CALLS="$FAKE_BIN/calls"
  export CALLS GROUPS_LISTED=""
  cat > "$FAKE_BIN/aws" <<'FAKE'
#!/usr/bin/env bash
echo "$*" >> "$CALLS"
case "$*" in
  *describe-auto-scaling-groups*) printf '%s\n' "$GROUPS_LISTED" ;;
esac
FAKE
  chmod +x "$FAKE_BIN/aws"
  export PATH="$FAKE_BIN:$PATH"
  SCRIPT="$BATS_TEST_DIRNAME/../../scripts/fleet-capacity.sh"
}

teardown() {
  rm -rf "$FAKE_BIN"
}

@test "resizes the seed before the first deployment" {
  GROUPS_LISTED=$'other-asg\twebapp-prod-seed'
  run "$SCRIPT" webapp-prod 3 9 4 --region us-east-1
  [ "$status" -eq 0 ]
  grep -qx -- "--region us-east-1 autoscaling update-auto-scaling-group --auto-scaling-group-name webapp-prod-seed --min-size 3 --max-size 9 --desired-capacity 4" "$CALLS"
}

@test "resizes CodeDeploy's copy after a deployment" {
  GROUPS_LISTED=$'CodeDeploy_webapp-prod_d-A1B2C3D4E\tCodeDeploy_webapp-dev_d-XYZ'
  run "$SCRIPT" webapp-prod 3 9 5
  [ "$status" -eq 0 ]
  grep -qx -- "autoscaling update-auto-scaling-group --auto-scaling-group-name CodeDeploy_webapp-prod_d-A1B2C3D4E --min-size 3 --max-size 9 --desired-capacity 5" "$CALLS"
}

@test "refuses while a deployment is under way" {
  GROUPS_LISTED=$'CodeDeploy_webapp-prod_d-A1B2C3D4E\tCodeDeploy_webapp-prod_d-F5G6H7I8J'
  run "$SCRIPT" webapp-prod 3 9 5
  [ "$status" -eq 1 ]
  [[ "$output" == *"a deployment of webapp-prod is under way"* ]]
  ! grep -q update-auto-scaling-group "$CALLS"
}

@test "refuses sizes out of order and unknown fleets" {
  run "$SCRIPT" webapp-prod 5 3 4
  [ "$status" -eq 2 ]
  [[ "$output" == *"need MIN <= DESIRED <= MAX, got 5 <= 4 <= 3"* ]]
  GROUPS_LISTED="other-asg"
  run "$SCRIPT" webapp-prod 1 3 2
  [ "$status" -eq 1 ]
  [[ "$output" == *"no fleet of webapp-prod found"* ]]
}

@test "--dry-run prints the command without calling update" {
  GROUPS_LISTED="webapp-dev-seed"
  run "$SCRIPT" webapp-dev 1 2 2 --dry-run
  [ "$status" -eq 0 ]
  [[ "$output" == *"update-auto-scaling-group --auto-scaling-group-name webapp-dev-seed --min-size 1 --max-size 2 --desired-capacity 2"* ]]
  ! grep -q update-auto-scaling-group "$CALLS"
}
