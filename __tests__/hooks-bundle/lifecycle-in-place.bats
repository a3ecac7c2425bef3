#!/usr/bin/env bats
# The revision's hooks where they run more than once on an instance: in-place sequences (a
# deployment over another, a rollback) and every hook twice in a row, played as the CodeDeploy
# agent plays them (agent.bash) on an instance booted by the launch template's rendered user
# data, against a real Apache on 127.0.0.1. Blue/green deployments and single hooks on a fresh
# instance are in lifecycle.bats.

load helpers

setup_file() {
  render_user_data /health
  boot_instance_image
}

# Each test starts from a copy of the instance setup_file booted.
teardown_file() { remove_instance_image; }
setup() { start_booted_instance; }
teardown() { teardown_sandbox; }

@test "ApplicationStop comes from the last revision whose Install succeeded, even when its ValidateService failed" {
  good=$(make_revision good 1.0.0)
  broken=$(make_revision broken 3.0.0)
  rm "$broken/app/health"
  fast_validation "$broken"
  deploy "$good"
  run deploy "$broken"
  [ "$status" -ne 0 ]
  [[ "$output" == *"[ApplicationStop] revision 1.0.0: stopping httpd"* ]]
  [[ "$output" == *"deploy: ValidateService failed"* ]]
  # CodeDeploy's rollback deploys the last good revision again; the agent takes ApplicationStop
  # from the broken revision, whose Install succeeded.
  run deploy "$good"
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ApplicationStop] revision 3.0.0: stopping httpd"* ]]
  [ "$(get /version.txt)" = 1.0.0 ]
  [[ "$(get /health)" == *"deployment=d-T00000003"* ]]
}

@test "a function whose output is captured writes diagnostics to stdout: the hooks' log and fail write to stderr only" {
  run bash -c "HOOK=Test; source '$BUNDLE/scripts/lib/common.sh'; log hello 2>/dev/null; (fail bye) 2>/dev/null; echo end"
  [ "$status" -eq 0 ]
  [ "$output" = end ]
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

@test "in place: a second deployment over the first serves the new revision and drops the old one's files" {
  v1=$(make_revision v1 1.0.0)
  echo "only in 1.0.0" > "$v1/app/old.html"
  v2=$(make_revision v2 2.0.0)
  deploy "$v1"
  [ "$(get /old.html)" = "only in 1.0.0" ]
  run deploy "$v2"
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ApplicationStop] revision 1.0.0: stopping httpd"* ]]
  [ "$(get /version.txt)" = 2.0.0 ]
  [[ "$(get /)" == *'id="version">2.0.0<'* ]]
  [ "$(status_of /old.html)" = 404 ]
}

@test "ApplicationStop stops a running web server and the next deployment starts it again" {
  revision=$(make_revision v1 1.0.0)
  deploy "$revision"
  run run_hook "$revision" ApplicationStop
  [ "$status" -eq 0 ]
  [[ "$output" == *"[ApplicationStop] revision 1.0.0: httpd stopped"* ]]
  [ "$(status_of /health)" = 000 ]
  deploy "$revision"
  [[ "$(get /health)" == ok* ]]
}
