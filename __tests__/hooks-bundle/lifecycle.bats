#!/usr/bin/env bats
# The revision's hooks on a fresh instance, prepared by the launch template's rendered user
# data, as the CodeDeploy agent runs them (agent.bash), against a real Apache on 127.0.0.1:
# blue/green lands every deployment on such an instance; single hooks meet each state of its web
# server and SSM settings. The in-place sequences (a deployment over another, a rollback, every
# hook twice) are in lifecycle-in-place.bats, a file of its own so that both run at once.

load helpers

setup_file() {
  render_user_data /health agent-only full
  export AGENT_ONLY_USER_DATA="$BATS_FILE_TMPDIR/user-data-agent-only.sh"
  start_shared_standin_server # the image's boot and two tests' own boots
  boot_instance_image
}

OWN_SERVER="$HOOKS_TEST_DIR/fixtures/own-server"

# A fresh instance booted by the agent-only user data instead of the shared full image.
boot_agent_only_instance() {
  teardown_sandbox
  setup_sandbox
  USER_DATA=$AGENT_ONLY_USER_DATA bootstrap_instance
}

# Each test starts from a copy of the instance setup_file booted.
teardown_file() { remove_instance_image; stop_shared_standin_server; }
setup() { start_booted_instance; }
teardown() { teardown_sandbox; }

@test "a check that can be satisfied by something the revision did not install: a revision without a health endpoint fails ValidateService on a fresh instance" {
  [ "$(status_of /health)" = 200 ] # the bootstrap placeholder keeps the seed fleet healthy
  revision=$(make_revision nohealth 1.0.0)
  rm "$revision/app/health"
  fast_validation "$revision"
  run deploy "$revision"
  [ "$status" -ne 0 ]
  [[ "$output" == *"no revision installed here yet: the agent skips ApplicationStop"* ]]
  [[ "$output" == *"deploy: ValidateService failed"* ]]
  [[ "$output" == *"[ValidateService] FAILED: http://127.0.0.1:$PORT/health unhealthy after 2 attempts; last status 404"* ]]
}

@test "a check that can be satisfied by something the revision did not install: ValidateService wants this deployment's answer, not an earlier one" {
  v1=$(make_revision v1 1.0.0)
  v2=$(make_revision v2 2.0.0)
  fast_validation "$v2"
  deploy "$v1"
  # The next deployment's ValidateService, while the server still answers for the first.
  echo d-T00000002 > "$(agent_root)/.current-deployment"
  run run_hook "$v2" ValidateService
  [ "$status" -ne 0 ]
  [[ "$output" == *"last status 200, but the answer is not from deployment d-T00000002 of version 2.0.0: ok"* ]]
}

@test "blue/green: the first deployment onto a fresh instance serves the revision; the hooks run in /, as their runas user, with the agent's environment" {
  revision=$(make_revision v1 1.0.0)
  # A probe before each hook records what the agent gives the scripts, then runs the hook.
  for script in "$revision"/scripts/*.sh; do
    mv "$script" "$script.real"
    cat > "$script" <<PROBE
#!/usr/bin/env bash
echo "\$LIFECYCLE_EVENT uid=\$(id -u) cwd=\$(pwd) \$DEPLOYMENT_ID \$APPLICATION_NAME \$DEPLOYMENT_GROUP_NAME \$DEPLOYMENT_GROUP_ID" >> "$SANDBOX/probe.log"
exec "\$0.real"
PROBE
    chmod 755 "$script"
  done
  touch "$SANDBOX/probe.log" && chmod 666 "$SANDBOX/probe.log"
  run deploy "$revision"
  [ "$status" -eq 0 ]
  root=$(id -u)
  unprivileged=$root # without root the hooks run as the current user (helpers.bash)
  if [ "$root" -eq 0 ]; then unprivileged=$(id -u ec2-user 2>/dev/null || id -u nobody); fi
  [ "$(cat "$SANDBOX/probe.log")" = "BeforeInstall uid=$root cwd=/ d-T00000001 webapp-test webapp-test $GROUP_ID
AfterInstall uid=$root cwd=/ d-T00000001 webapp-test webapp-test $GROUP_ID
ApplicationStart uid=$root cwd=/ d-T00000001 webapp-test webapp-test $GROUP_ID
ValidateService uid=$unprivileged cwd=/ d-T00000001 webapp-test webapp-test $GROUP_ID" ]
  [[ "$output" == *"[BeforeInstall] removing the bootstrap placeholder /var/www/html/health"* ]]
  [ ! -e "$SANDBOX/etc/codedeploy-bluegreen/placeholders" ]
  [[ "$output" == *"no revision installed here yet: the agent skips ApplicationStop"* ]]
  [[ "$output" == *"[ValidateService] healthy:"* ]]
  [[ "$(get /)" == *'<p class="version" id="version">1.0.0</p>'* ]]
  [[ "$(get /)" == *'<dd id="environment">test</dd>'* ]]
  [[ "$(get /)" == *'<dd id="deployment">d-T00000001</dd>'* ]]
  [ "$(get /health)" = "ok
version=1.0.0
deployment=d-T00000001" ]
  [ "$(get /version.txt)" = 1.0.0 ]
  curl -sS -D - -o /dev/null "http://127.0.0.1:$PORT/" | grep -qi '^X-App-Version: 1.0.0'
  systemctl is-enabled --quiet httpd
  grep -qx 'VERSION=1.0.0' "$SANDBOX/etc/webapp/app.env"
  grep -qx 'DEPLOYMENT_ID=d-T00000001' "$SANDBOX/etc/webapp/app.env"
  [ ! -e "$SANDBOX/etc/webapp/secrets.env" ]
  [ "$(stat -c %a "$SANDBOX/var/www/html/health")" = 644 ]
}

@test "ValidateService fails clearly when nothing listens" {
  revision=$(make_revision v1 1.0.0)
  fast_validation "$revision"
  systemctl stop httpd
  run run_hook "$revision" ValidateService
  [ "$status" -ne 0 ]
  [[ "$output" == *"unhealthy after 2 attempts; last status 000"* ]]
}

@test "ApplicationStop succeeds when no web server is installed" {
  revision=$(make_revision v1 1.0.0)
  PATH="$SANDBOX/bin:/usr/bin:/bin" run run_hook "$revision" ApplicationStop
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ApplicationStop] revision 1.0.0: no web server installed: nothing to stop"* ]]
}

@test "ApplicationStop succeeds when the web server is installed but not running" {
  revision=$(make_revision v1 1.0.0)
  systemctl stop httpd
  run run_hook "$revision" ApplicationStop
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ApplicationStop] revision 1.0.0: httpd is not running: nothing to stop"* ]]
}

@test "AfterInstall reads a named SSM parameter only through the aws CLI, and fails clearly without it" {
  revision=$(make_revision v1 1.0.0)
  set_hook_setting "$revision" SSM_PARAMETER app-config
  run_hook "$revision" BeforeInstall
  install_files "$revision"
  if PATH=/usr/bin:/bin command -v aws >/dev/null 2>&1; then
    skip "an aws CLI is installed in /usr/bin here; this case needs a host without one"
  fi
  PATH="$SANDBOX/bin:/usr/bin:/bin" run run_hook "$revision" AfterInstall
  [ "$status" -ne 0 ]
  [[ "$output" == *"[AfterInstall] FAILED: config/hooks.env names SSM_PARAMETER=app-config but the aws CLI is not installed"* ]]
  [ ! -e "$SANDBOX/etc/webapp/secrets.env" ]
}

@test "AfterInstall refuses a named SSM parameter when the instance has no parameter path" {
  revision=$(make_revision v1 1.0.0)
  set_hook_setting "$revision" SSM_PARAMETER app-config
  sed -i '/^PARAMETER_PATH=/d' "$SANDBOX/etc/codedeploy-bluegreen/instance.env"
  run_hook "$revision" BeforeInstall
  install_files "$revision"
  run run_hook "$revision" AfterInstall
  [ "$status" -ne 0 ]
  [[ "$output" == *"but the instance has no PARAMETER_PATH"* ]]
}

@test "the app owns appPort: on an agent-only instance the placeholder keeps the seed healthy, steps aside when the agent begins the first deployment, and the revision's own server (a Java service's stand-in) takes the port" {
  boot_agent_only_instance
  wait_for_status 200 /health
  [ "$(get /health)" = ok ]
  revision=$(make_revision own 1.0.0 "$OWN_SERVER")
  AGENT_POLL_SECONDS=0.2 run deploy "$revision"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ValidateService] own server healthy: ok d-T00000001"* ]]
  [ "$(get /health)" = "ok d-T00000001" ]
  run systemctl is-active --quiet codedeploy-bluegreen-placeholder
  [ "$status" -eq 3 ]
  grep -q "stepping aside" "$SANDBOX/var/log/standins/codedeploy-bluegreen-placeholder.log"
  [ ! -e "$SANDBOX/etc/httpd" ]
}

@test "the app owns appPort: on an agent-only instance the sample revision installs httpd and moves it to the app port" {
  boot_agent_only_instance
  revision=$(make_revision v1 1.0.0)
  # Without /usr/sbin on PATH the test host's own apache2 stays out of sight, as on Amazon Linux.
  PATH="$SANDBOX/bin:/usr/bin:/bin" AGENT_POLL_SECONDS=0.2 run deploy "$revision"
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"[BeforeInstall] installing httpd"* ]]
  [[ "$output" == *"[BeforeInstall] httpd listens on the app port $PORT"* ]]
  [ "$(get /health)" = "ok
version=1.0.0
deployment=d-T00000001" ]
  [ "$(grep -c '^Listen ' "$SANDBOX/etc/httpd/conf/httpd.conf")" -eq 1 ]
}
