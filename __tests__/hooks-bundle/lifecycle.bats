#!/usr/bin/env bats
# The revision's hooks in lifecycle order against a real Apache on 127.0.0.1.

load helpers

setup() {
  setup_sandbox
}

teardown() {
  teardown_sandbox
}

@test "ApplicationStop succeeds on a brand-new instance with no web server installed" {
  revision=$(make_revision v1 1.0.0)
  PATH="$SANDBOX/bin:/usr/bin:/bin" run run_hook "$revision" ApplicationStop
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ApplicationStop] no web server installed: nothing to stop"* ]]
}

@test "ApplicationStop succeeds when the web server is installed but not running" {
  revision=$(make_revision v1 1.0.0)
  run run_hook "$revision" ApplicationStop
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ApplicationStop] httpd is not running: nothing to stop"* ]]
}

@test "first deployment on a clean instance serves the revision" {
  revision=$(make_revision v1 1.0.0)
  run deploy "$revision"
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ValidateService] healthy:"* ]]
  [[ "$(get /)" == *'<p class="version" id="version">1.0.0</p>'* ]]
  [[ "$(get /)" == *'<dd id="environment">test</dd>'* ]]
  [ "$(get /health)" = ok ]
  [ "$(get /version.txt)" = 1.0.0 ]
  curl -sS -D - -o /dev/null "http://127.0.0.1:$PORT/" | grep -qi '^X-App-Version: 1.0.0'
  systemctl is-enabled --quiet httpd
  grep -qx 'VERSION=1.0.0' "$SANDBOX/etc/webapp/app.env"
  [ ! -e "$SANDBOX/etc/webapp/secrets.env" ]
  [ "$(stat -c %a "$SANDBOX/var/www/html/health")" = 644 ]
}

@test "every hook is idempotent: running each twice in a row leaves the same result" {
  revision=$(make_revision v1 1.0.0)
  deploy "$revision"
  before=$(cat "$SANDBOX/etc/httpd/conf.d/webapp.conf" "$SANDBOX/etc/webapp/app.env" "$SANDBOX/var/www/html/version.txt")
  for event in ApplicationStop BeforeInstall AfterInstall ApplicationStart ValidateService; do
    run_hook "$revision" "$event"
    run_hook "$revision" "$event"
  done
  run_hook "$revision" ApplicationStart
  run_hook "$revision" ValidateService
  after=$(cat "$SANDBOX/etc/httpd/conf.d/webapp.conf" "$SANDBOX/etc/webapp/app.env" "$SANDBOX/var/www/html/version.txt")
  [ "$before" = "$after" ]
  [ "$(get /version.txt)" = 1.0.0 ]
}

@test "a second deployment over the first serves the new revision and drops the old one's files" {
  v1=$(make_revision v1 1.0.0)
  echo "only in 1.0.0" > "$v1/app/old.html"
  v2=$(make_revision v2 2.0.0)
  deploy "$v1"
  [ "$(get /old.html)" = "only in 1.0.0" ]
  run deploy "$v2" "$v1"
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ApplicationStop] stopping httpd"* ]]
  [ "$(get /version.txt)" = 2.0.0 ]
  [[ "$(get /)" == *'id="version">2.0.0<'* ]]
  [ "$(status_of /old.html)" = 404 ]
}

@test "rollback: redeploying the previous revision after a newer one serves it again" {
  v1=$(make_revision v1 1.0.0)
  v2=$(make_revision v2 2.0.0)
  deploy "$v1"
  deploy "$v2" "$v1"
  run deploy "$v1" "$v2"
  [ "$status" -eq 0 ]
  [ "$(get /version.txt)" = 1.0.0 ]
  grep -qx 'VERSION=1.0.0' "$SANDBOX/etc/webapp/app.env"
}

@test "a broken revision fails ValidateService with its last status, then the rollback restores service" {
  good=$(make_revision good 1.0.0)
  broken=$(make_revision broken 3.0.0)
  rm "$broken/app/health"
  set_hook_setting "$broken" VALIDATE_ATTEMPTS 3
  set_hook_setting "$broken" VALIDATE_MAX_DELAY 1
  deploy "$good"
  started=$SECONDS
  run deploy "$broken" "$good"
  [ "$status" -ne 0 ]
  [[ "$output" == *"deploy: ValidateService failed"* ]]
  [[ "$output" == *"[ValidateService] FAILED: http://127.0.0.1:$PORT/health unhealthy after 3 attempts; last status 404"* ]]
  (( SECONDS - started < 30 ))
  # CodeDeploy's rollback deploys the last good revision again; ApplicationStop comes from it.
  run deploy "$good" "$good"
  [ "$status" -eq 0 ]
  [ "$(get /health)" = ok ]
  [ "$(get /version.txt)" = 1.0.0 ]
}

@test "ValidateService fails when the server still serves another version" {
  v1=$(make_revision v1 1.0.0)
  v2=$(make_revision v2 2.0.0)
  set_hook_setting "$v2" VALIDATE_ATTEMPTS 2
  set_hook_setting "$v2" VALIDATE_MAX_DELAY 1
  deploy "$v1"
  run run_hook "$v2" ValidateService
  [ "$status" -ne 0 ]
  [[ "$output" == *"last status 200, but version '1.0.0' is served instead of '2.0.0'"* ]]
}

@test "ValidateService fails clearly when nothing listens" {
  revision=$(make_revision v1 1.0.0)
  set_hook_setting "$revision" VALIDATE_ATTEMPTS 2
  set_hook_setting "$revision" VALIDATE_MAX_DELAY 1
  run run_hook "$revision" ValidateService
  [ "$status" -ne 0 ]
  [[ "$output" == *"unhealthy after 2 attempts; last status 000"* ]]
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

@test "ApplicationStop stops a running web server and the next deployment starts it again" {
  revision=$(make_revision v1 1.0.0)
  deploy "$revision"
  run run_hook "$revision" ApplicationStop
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ApplicationStop] httpd stopped"* ]]
  [ "$(status_of /health)" = 000 ]
  deploy "$revision" "$revision"
  [ "$(get /health)" = ok ]
}
