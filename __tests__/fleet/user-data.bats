#!/usr/bin/env bats
# The launch template's user data, rendered by modules/fleet/user-data.ts and executed end to end in
# a sandbox root, against stand-ins for the metadata service, the agent bucket, dnf and systemd
# (see helpers.bash) and a real Apache on 127.0.0.1.

load ../hooks-bundle/helpers

setup_file() {
  render_user_data /health agent-only+logs none none+logs full
  # agent-only and none run with the instance logs shipped (their block is the same in every mode),
  # none without them too.
  export AGENT_ONLY_USER_DATA="$BATS_FILE_TMPDIR/user-data-agent-only+logs.sh" NONE_USER_DATA="$BATS_FILE_TMPDIR/user-data-none.sh" \
    NONE_LOGS_USER_DATA="$BATS_FILE_TMPDIR/user-data-none+logs.sh"
  start_shared_standin_server
}

teardown_file() {
  stop_shared_standin_server
}

setup() {
  setup_sandbox
}

teardown() {
  teardown_sandbox
}

# run_user_data_again SCRIPT: cloud-init's re-run of the given user data on this instance.
run_user_data_again() { USER_DATA=$1 run_user_data; }

bootstrap_log() { print_file "$SANDBOX/var/log/codedeploy-bootstrap.log"; }
requested() { print_file "$SANDBOX/var/log/standins/curl.log"; }
placeholder_unit=codedeploy-bluegreen-placeholder
ongoing=/opt/codedeploy-agent/deployment-root/ongoing-deployment

# The agent's first lifecycle command of a deployment: its tracking file (command_poller.rb).
agent_begins_deployment() {
  mkdir -p "$SANDBOX$ongoing"
  echo "host-command-1" > "$SANDBOX$ongoing/$1"
}

# An image with the agent baked in, as its installer leaves it.
bake_agent() {
  mkdir -p "$SANDBOX/opt/codedeploy-agent/bin"
  printf '#!/bin/sh\nexit 0\n' > "$SANDBOX/opt/codedeploy-agent/bin/codedeploy-agent"
  chmod 755 "$SANDBOX/opt/codedeploy-agent/bin/codedeploy-agent"
  echo "agent_version: OFFICIAL_1.7.1-110_rpm" > "$SANDBOX/opt/codedeploy-agent/.version"
}

# An image with the CloudWatch agent baked in: its control script where the package puts it.
bake_cloudwatch_agent() {
  mkdir -p "$SANDBOX/opt/aws/amazon-cloudwatch-agent/bin"
  ln -s "$HOOKS_TEST_DIR/standins/amazon-cloudwatch-agent-ctl" "$SANDBOX/opt/aws/amazon-cloudwatch-agent/bin/"
}

# The agent configuration the CloudWatch agent received, as "<file> -> <group> <stream>" lines, after
# checking that it is JSON with nothing but the logs to ship, as root.
shipped_files() {
  node - "$SANDBOX/var/log/standins/cwagent-config.json" <<'JS'
const assert = require("assert");
const config = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
assert.deepStrictEqual(Object.keys(config), ["agent", "logs"]);
assert.deepStrictEqual(config.agent, { run_as_user: "root" });
assert.deepStrictEqual(Object.keys(config.logs), ["logs_collected"]);
assert.deepStrictEqual(Object.keys(config.logs.logs_collected), ["files"]);
for (const entry of config.logs.logs_collected.files.collect_list) {
  assert.deepStrictEqual(Object.keys(entry), ["file_path", "log_group_name", "log_stream_name"]);
  console.log(`${entry.file_path} -> ${entry.log_group_name} ${entry.log_stream_name}`);
}
JS
}
expected_shipped="/var/log/messages -> /webapp/test/instances/system {instance_id}
/var/log/codedeploy-bootstrap.log -> /webapp/test/instances/bootstrap {instance_id}/codedeploy-bootstrap
/var/log/cloud-init-output.log -> /webapp/test/instances/bootstrap {instance_id}/cloud-init-output
/var/log/aws/codedeploy-agent/codedeploy-agent.log -> /webapp/test/instances/codedeploy-agent {instance_id}
/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log -> /webapp/test/instances/deployments {instance_id}"

# The backoffs the sleep stand-in recorded, on one line.
sleeps() {
  local backoffs=() IFS=' '
  if [ -r "$SANDBOX/var/log/standins/sleep.log" ]; then mapfile -t backoffs < "$SANDBOX/var/log/standins/sleep.log"; fi
  printf '%s' "${backoffs[*]}"
}

@test "a function whose output is captured writes diagnostics to stdout: the bootstrap survives one failed metadata request" {
  start_standin_server 1 eu-west-1
  run run_user_data
  bootstrap_log
  [ "$status" -eq 0 ]
  [[ "$(bootstrap_log)" == *"attempt 1 failed, retrying: imds meta-data/placement/region"* ]]
  [[ "$(bootstrap_log)" == *"region eu-west-1"* ]]
  [ "$(sleeps)" = 5 ]
  [ "$(grep -c '/latest/api/token 500' "$SANDBOX/run/standins/requests.log")" -eq 1 ]
  [ "$(grep -v '^http://169.254.169.254/' <(requested))" = "https://aws-codedeploy-eu-west-1.s3.eu-west-1.amazonaws.com/latest/install" ]
  [ "$(cat "$SANDBOX/etc/codedeploy-bluegreen/instance.env")" = "APP_NAME=webapp
ENVIRONMENT=test
APP_PORT=$PORT
HEALTH_CHECK_PATH=/health
PARAMETER_PATH=/webapp/test/
AWS_REGION=eu-west-1" ]
  [ "$(cat "$SANDBOX/var/log/standins/installer.log")" = "install auto" ]
  systemctl is-active --quiet codedeploy-agent
  systemctl is-enabled --quiet codedeploy-agent
  systemctl is-enabled --quiet httpd
  grep -qx "Listen $PORT" "$SANDBOX/etc/httpd/conf/httpd.conf"
  [ "$(status_of /health)" = 200 ]
  [[ "$(bootstrap_log)" == *"bootstrap complete"* ]]
}

@test "a function whose output is captured writes diagnostics to stdout: a metadata service that never answers fails the boot clearly, in bounded time" {
  start_standin_server never
  run run_user_data
  bootstrap_log
  [ "$status" -ne 0 ]
  [[ "$(bootstrap_log)" == *"FAILED: could not read the region from the instance metadata service (IMDSv2) after 10 attempts"* ]]
  # Backoff of the production script: 5 s, 10 s, ... between the 10 attempts (225 s in all).
  [ "$(sleeps)" = "5 10 15 20 25 30 35 40 45" ]
  [ "$(grep -c 'no-answer' "$SANDBOX/run/standins/requests.log")" -eq 10 ]
  # ...and each of an attempt's two requests gives up after 5 s: at most 325 s in all.
  [ "$(grep -c '169\.254\.169\.254' "$USER_DATA")" -eq 2 ]
  [ "$(grep -c 'curl -fsS --connect-timeout 2 --max-time 5 .*169\.254\.169\.254' "$USER_DATA")" -eq 2 ]
  [ ! -e "$SANDBOX/etc/codedeploy-bluegreen/instance.env" ]
  [ ! -e "$SANDBOX/var/log/standins/installer.log" ]
}

@test "the agent of a China region comes from its amazonaws.com.cn bucket" {
  start_standin_server 0 cn-north-1
  run run_user_data
  [ "$status" -eq 0 ]
  [ "$(grep -v '^http://169.254.169.254/' <(requested))" = "https://aws-codedeploy-cn-north-1.s3.cn-north-1.amazonaws.com.cn/latest/install" ]
  grep -qx 'AWS_REGION=cn-north-1' "$SANDBOX/etc/codedeploy-bluegreen/instance.env"
}

@test "a failed package install is retried, and the boot completes" {
  start_standin_server 0
  DNF_FAILURES=1 run run_user_data
  [ "$status" -eq 0 ]
  [[ "$(bootstrap_log)" == *"attempt 1 failed, retrying: dnf install"* ]]
  [ "$(grep -c 'install -y --setopt=install_weak_deps=False httpd ruby' "$SANDBOX/var/log/standins/dnf.log")" -eq 2 ]
  [ "$(sleeps)" = 5 ]
  systemctl is-active --quiet codedeploy-agent
}

@test "running the user data again on a booted instance is harmless (cloud-init re-runs, manual re-runs)" {
  start_standin_server 0
  run_user_data
  echo "<h1>deployed</h1>" > "$SANDBOX/var/www/html/index.html"
  run run_user_data
  [ "$status" -eq 0 ]
  [ "$(get /)" = "<h1>deployed</h1>" ]
  [ "$(grep -c '^Listen ' "$SANDBOX/etc/httpd/conf/httpd.conf")" -eq 1 ]
}

@test "bootstrap agent-only: Ruby and the agent, no web server; a placeholder answers the health check until the agent begins a deployment, then frees the port for good" {
  start_standin_server 0
  USER_DATA=$AGENT_ONLY_USER_DATA run run_user_data
  bootstrap_log
  [ "$status" -eq 0 ]
  # Instance logs: the CloudWatch agent and rsyslog come first, and the agent starts on its
  # configuration once the bootstrap log exists.
  [ "$(cat "$SANDBOX/var/log/standins/dnf.log")" = "dnf install -y --setopt=install_weak_deps=False amazon-cloudwatch-agent rsyslog
dnf install -y --setopt=install_weak_deps=False ruby" ]
  systemctl is-active --quiet rsyslog
  systemctl is-enabled --quiet rsyslog
  [ "$(cat "$SANDBOX/var/log/standins/cwagent-ctl.log")" = "amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:$SANDBOX/opt/aws/amazon-cloudwatch-agent/etc/codedeploy-bluegreen-logs.json (bootstrap log present)" ]
  [ "$(shipped_files)" = "$expected_shipped" ]
  [[ "$(bootstrap_log)" == *"CloudWatch agent shipping /var/log/messages, /var/log/codedeploy-bootstrap.log, "*" to /webapp/test/instances/*"* ]]
  [ "$(cat "$SANDBOX/var/log/standins/installer.log")" = "install auto" ]
  [ ! -e "$SANDBOX/etc/httpd" ]
  [ ! -e "$SANDBOX/etc/codedeploy-bluegreen/placeholders" ]
  systemctl is-active --quiet codedeploy-agent
  systemctl is-enabled --quiet "$placeholder_unit"
  [[ "$(bootstrap_log)" == *"CodeDeploy agent running: version unknown"* ]]
  [[ "$(bootstrap_log)" == *"placeholder $placeholder_unit answers /health on port $PORT until the first deployment"* ]]
  wait_for_status 200 /health
  [ "$(get /health)" = ok ]
  [ "$(get /)" = "<h1>Awaiting the first deployment</h1>" ]
  [ "$(status_of /other)" = 404 ]
  agent_begins_deployment d-AGENTONLY1
  wait_for_status 000 /health
  run systemctl is-active --quiet "$placeholder_unit"
  [ "$status" -eq 3 ]
  grep -q "stepping aside" "$SANDBOX/var/log/standins/$placeholder_unit.log"
  # A reboot (enabled units start again) or a re-run of the user data never brings it back.
  systemctl start "$placeholder_unit"
  run run_user_data_again "$AGENT_ONLY_USER_DATA"
  [ "$status" -eq 0 ]
  [[ "$(bootstrap_log)" == *"a deployment has reached this instance before: no placeholder on port $PORT"* ]]
  sleep 0.3
  [ "$(status_of /health)" = 000 ]
}

@test "bootstrap none: nothing is installed; the image's agents are checked (the boot fails clearly without the CloudWatch agent when the logs are shipped), the CodeDeploy agent started and its version logged; the placeholder serves" {
  start_standin_server 0
  bake_agent
  USER_DATA=$NONE_LOGS_USER_DATA run run_user_data
  [ "$status" -ne 0 ]
  [[ "$(bootstrap_log)" == *"FAILED: bootstrap none: the image has no CloudWatch agent (/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl is missing) and instanceLogs is enabled"* ]]
  [ ! -e "$SANDBOX/var/log/standins/cwagent-ctl.log" ]
  bake_cloudwatch_agent
  USER_DATA=$NONE_LOGS_USER_DATA run run_user_data
  bootstrap_log
  [ "$status" -eq 0 ]
  [[ "$(bootstrap_log)" == *"bootstrap none: the image's CloudWatch agent is present (/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl)"* ]]
  [[ "$(bootstrap_log)" == *"WARNING: bootstrap none: the image has no /var/log/messages (no rsyslog)"* ]]
  [ "$(shipped_files)" = "$expected_shipped" ]
  [ ! -e "$SANDBOX/var/log/standins/dnf.log" ]
  [ ! -e "$SANDBOX/var/log/standins/installer.log" ]
  [ "$(grep -cv '^http://169.254.169.254/' <(requested))" -eq 0 ]
  systemctl is-active --quiet codedeploy-agent
  systemctl is-enabled --quiet codedeploy-agent
  [[ "$(bootstrap_log)" == *"bootstrap none: nothing to install; checking the image's CodeDeploy agent"* ]]
  [[ "$(bootstrap_log)" == *"CodeDeploy agent running: agent_version: OFFICIAL_1.7.1-110_rpm"* ]]
  grep -qx 'AWS_REGION=eu-west-1' "$SANDBOX/etc/codedeploy-bluegreen/instance.env"
  wait_for_status 200 /health
  [[ "$(bootstrap_log)" == *"bootstrap complete"* ]]
}

@test "bootstrap none: an image without the agent fails the boot clearly" {
  start_standin_server 0
  USER_DATA=$NONE_USER_DATA run run_user_data
  bootstrap_log
  [ "$status" -ne 0 ]
  [[ "$(bootstrap_log)" == *"FAILED: bootstrap none: the image has no CodeDeploy agent (/opt/codedeploy-agent/bin/codedeploy-agent is missing); bake the agent into the image or use bootstrap agent-only"* ]]
  [ ! -e "$SANDBOX/etc/systemd/system/$placeholder_unit.service" ]
}
