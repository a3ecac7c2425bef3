# shellcheck shell=bash
# Sandbox, instance bootstrap and CodeDeploy agent emulation for the shell tests.
#
# Each test gets a throwaway root ($SANDBOX; the user data and the hooks see it as DEPLOY_ROOT,
# which is unset on an instance) and stand-ins on PATH for what an instance reaches beyond
# itself (standins/): the metadata service and the agent bucket (a node server on 127.0.0.1,
# reached through a curl that reroutes exactly those URLs and refuses any other), dnf, logger
# and systemd. The web server is real: Debian's Apache, on a free 127.0.0.1 port.
#
# bootstrap_instance runs the launch template's user data, rendered by modules/fleet/user-data.ts, as
# cloud-init does on a fresh instance; deploy then plays one deployment the way the CodeDeploy
# agent does (aws-codedeploy-agent 1.8.1, lib/instance_agent/plugins/codedeploy/):
#  - hook_executor.rb: each script runs as `su <runas> -c <script>` (linux_util.rb
#    prepare_script_command), with the agent's environment plus LIFECYCLE_EVENT, DEPLOYMENT_ID,
#    APPLICATION_NAME, DEPLOYMENT_GROUP_NAME and DEPLOYMENT_GROUP_ID, within the appspec timeout;
#    the agent runs under systemd without a WorkingDirectory, so its scripts start in /;
#  - ApplicationStop runs from the <group id>_last_successful_install revision, which
#    command_executor.rb records right after the Install step, before AfterInstall..ValidateService
#    ran; on an instance without one (every blue/green deployment: fresh instances) it is skipped;
#  - installer.rb: Install first removes what the previous Install copied (the group's -cleanup
#    file), then copies the appspec's files;
#  - command_poller.rb process_command: before each lifecycle command (ApplicationStop, even with
#    nothing to run, DownloadBundle, BeforeInstall, Install, ...) the agent writes
#    deployment-root/ongoing-deployment/<deployment id> and removes the file afterwards, never the
#    folder; between commands it polls the service (PollHostCommand), a network round trip,
#    which AGENT_POLL_SECONDS stands for (default 0: the tests that need no such gap skip it).
# Switching users needs root, as the agent has: without it the hooks run as the current user.
# Where the appspec's runas user does not exist here (ec2-user on a Debian host), nobody stands
# in, with bash as its shell.

HOOKS_TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUNDLE=$(cd "$HOOKS_TEST_DIR/../../hooks-bundle" && pwd)
GROUP_ID=0b5e8a3c-6f1d-4c2e-9a7b-3d4f5e6a7b8c

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(shuf -i 20000-45000 -n 1)
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free loopback port found" >&2
  return 1
}

# render_user_data [HEALTH_CHECK_PATH] [BOOTSTRAP]: once per bats file (setup_file); sets USER_DATA
# and PORT (a port already chosen is kept, so every mode of one file serves the same port).
render_user_data() {
  PORT=${PORT:-$(free_port)}
  USER_DATA="$BATS_FILE_TMPDIR/user-data-${2:-full}.sh"
  node "$HOOKS_TEST_DIR/render-user-data.js" \
    "{\"appPort\":$PORT,\"healthCheckPath\":\"${1:-/health}\",\"appName\":\"webapp\",\"environment\":\"test\",\"parameterPath\":\"/webapp/test/\",\"bootstrap\":\"${2:-full}\"}" > "$USER_DATA"
  chmod 755 "$USER_DATA"
  export PORT USER_DATA
}

# Processes of the sandbox's own unit files (the systemctl stand-in's pid files).
stop_sandbox_units() {
  local pidfile
  for pidfile in "$SANDBOX"/run/standins/unit-*.pid; do
    [ -e "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

# setup_sandbox [DIR]: an empty root (a new temporary one by default) with the stand-ins on PATH.
setup_sandbox() {
  SANDBOX=${1:-$(mktemp -d /tmp/hooks-sandbox.XXXXXX)}
  mkdir -p "$SANDBOX"
  chmod 755 "$SANDBOX"
  export SANDBOX DEPLOY_ROOT="$SANDBOX"
  mkdir -p "$SANDBOX"/{bin,bootstrap-bin,dev,revisions,run/standins,var/log/standins}
  local tool
  for tool in curl dnf logger systemctl; do ln -sfn "$HOOKS_TEST_DIR/standins/$tool" "$SANDBOX/bin/$tool"; done
  ln -sfn "$HOOKS_TEST_DIR/standins/sleep" "$SANDBOX/bootstrap-bin/sleep"
  export PATH="$SANDBOX/bin:$PATH"
}

# Booting an instance costs more than a whole deployment, so a bats file whose tests start
# from a booted instance boots one in setup_file (boot_instance_image) and each test gets a
# copy of that root (start_booted_instance), as instances launched from the same image and
# user data would be; the root's path stays the same because the files name it.
boot_instance_image() {
  IMAGE_DIR=$(mktemp -d /tmp/hooks-image.XXXXXX)
  chmod 755 "$IMAGE_DIR"
  export IMAGE_DIR APPSPEC_CACHE="$IMAGE_DIR"
  setup_sandbox "$IMAGE_DIR/root"
  bootstrap_instance
  systemctl stop httpd
  stop_standin_server
  mv "$SANDBOX" "$IMAGE_DIR/booted"
}

start_booted_instance() {
  rm -rf "$IMAGE_DIR/root"
  cp -a "$IMAGE_DIR/booted" "$IMAGE_DIR/root"
  setup_sandbox "$IMAGE_DIR/root"
  systemctl start httpd
}

remove_instance_image() {
  if [ -n "${IMAGE_DIR:-}" ]; then rm -rf "$IMAGE_DIR"; fi
}

teardown_sandbox() {
  if [ -n "${SANDBOX:-}" ] && [ -d "$SANDBOX" ]; then
    systemctl stop httpd >/dev/null 2>&1 || true
    stop_sandbox_units
    stop_standin_server
    rm -rf "$SANDBOX"
  fi
}

# start_standin_server [IMDS_FAILURES] [REGION]: see standins/metadata-server.js.
start_standin_server() {
  IMDS_FAILURES=${1:-0} REGION=${2:-eu-west-1} STANDIN_DIR="$SANDBOX/run/standins" \
    INSTALLER="$HOOKS_TEST_DIR/standins/codedeploy-install" \
    node "$HOOKS_TEST_DIR/standins/metadata-server.js" </dev/null >/dev/null 2>&1 3>&- &
  echo $! > "$SANDBOX/run/standins/server.pid"
  for _ in $(seq 1 400); do
    [ -s "$SANDBOX/run/standins/server.port" ] && return 0
    sleep 0.05
  done
  echo "the stand-in server did not start" >&2
  return 1
}

stop_standin_server() {
  local pidfile="$SANDBOX/run/standins/server.pid"
  if [ -s "$pidfile" ]; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  fi
}

# run_user_data: the rendered user data as cloud-init runs it on first boot (root, its own
# file, PATH of the boot). The sleep stand-in (bootstrap-bin) records the backoff instead of
# waiting. Returns the script's exit status once its log is complete.
run_user_data() {
  local status=0
  DEPLOY_ROOT=$SANDBOX PATH="$SANDBOX/bootstrap-bin:$SANDBOX/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "$USER_DATA" </dev/null >/dev/null 2>&1 3>&- || status=$?
  # The script logs through a process substitution (tee | logger) that may still be writing.
  for _ in $(seq 1 400); do
    grep -qE 'bootstrap complete|FAILED' "$SANDBOX/var/log/codedeploy-bootstrap.log" 2>/dev/null && break
    sleep 0.05
  done
  return "$status"
}

# bootstrap_instance: a fresh instance as the launch template leaves it.
bootstrap_instance() {
  start_standin_server 0
  run_user_data || { echo "bootstrap failed:"; cat "$SANDBOX/var/log/codedeploy-bootstrap.log"; return 1; }
}

# make_revision NAME VERSION [SOURCE]: a copy of the bundle (or of SOURCE, a fixture revision)
# as CodeBuild would emit it.
make_revision() {
  local dir="$SANDBOX/revisions/$1"
  cp -a "${3:-$BUNDLE}" "$dir"
  printf '%s\n' "$2" > "$dir/VERSION"
  echo "$dir"
}

# set_hook_setting REVISION KEY VALUE: edits the revision's config/hooks.env.
set_hook_setting() {
  sed -i -E "s|^$2=.*|$2=$3|" "$1/config/hooks.env"
  grep -q "^$2=$3\$" "$1/config/hooks.env"
}

# What the agent reads from a revision's appspec, parsed once per distinct appspec (node is
# slow to start; APPSPEC_CACHE keeps the parses for a whole bats file).
appspec() {
  local parsed
  parsed="${APPSPEC_CACHE:-$1}/appspec.$(cksum < "$1/appspec.yml" | cut -d' ' -f1).tsv"
  [ -f "$parsed" ] || node "$HOOKS_TEST_DIR/appspec.js" "$1/appspec.yml" > "$parsed"
  cat "$parsed"
}

agent_root() { echo "$SANDBOX/opt/codedeploy-agent/deployment-root"; }
instructions() { echo "$(agent_root)/deployment-instructions"; }

# The ID of the deployment under way (or last played); tests run in subshells, so it is a file.
current_deployment_id() { cat "$(agent_root)/.current-deployment" 2>/dev/null || echo d-T00000000; }

# runas_command RUNAS: sets RUNAS_COMMAND to the agent's `su <runas> -c` (no runas: as the
# agent, root), to which the script's path is appended.
runas_command() {
  if [ -z "$1" ] || [ "$(id -u)" -ne 0 ]; then
    RUNAS_COMMAND=(bash -c)
  elif getent passwd "$1" >/dev/null; then
    RUNAS_COMMAND=(su "$1" -c)
  else
    RUNAS_COMMAND=(su -s /bin/bash nobody -c)
  fi
}

# run_hook ARCHIVE EVENT: every script the archive's appspec names for EVENT, in order, as the
# agent runs it (user, cwd /, environment, timeout) for the current deployment.
run_hook() {
  local archive=$1 event=$2 kind name location timeout runas found=false
  while IFS=$'\t' read -r kind name location timeout runas; do
    if [ "$kind" != hook ] || [ "$name" != "$event" ]; then continue; fi
    found=true
    runas_command "$runas"
    (cd / && LIFECYCLE_EVENT=$event DEPLOYMENT_ID=$(current_deployment_id) APPLICATION_NAME=webapp-test \
      DEPLOYMENT_GROUP_NAME=webapp-test DEPLOYMENT_GROUP_ID=$GROUP_ID \
      timeout "$timeout" "${RUNAS_COMMAND[@]}" "$archive/$location") || return
  done < <(appspec "$archive")
  $found || { echo "appspec of $archive has no $event hook" >&2; return 1; }
}

# The agent's Install step: remove what the previous Install copied, copy the revision's files
# per the appspec (overwriting), apply the appspec's permissions.
install_files() {
  local archive=$1 kind source destination cleanup file
  cleanup="$(instructions)/$GROUP_ID-cleanup"
  if [ -f "$cleanup" ]; then
    while IFS= read -r file; do rm -f "$file"; done < "$cleanup"
    rm -f "$cleanup"
  fi
  mkdir -p "$(instructions)"
  : > "$cleanup"
  while IFS=$'\t' read -r kind source destination _ _; do
    [ "$kind" = files ] || continue
    mkdir -p "$SANDBOX$destination"
    cp -a "$archive/$source/." "$SANDBOX$destination/"
    (cd "$archive/$source" && find . -type f) | while IFS= read -r file; do
      echo "$SANDBOX$destination/${file#./}" >> "$cleanup"
    done
    find "$SANDBOX$destination" -type f -exec chmod 644 {} +
    find "$SANDBOX$destination" -type d -exec chmod 755 {} +
  done < <(appspec "$archive")
}

# agent_command ID COMMAND...: one lifecycle command as the agent processes it: the deployment's
# tracking file while COMMAND runs, then the poll for the next command.
agent_command() {
  local id=$1 status=0 tracking
  shift
  tracking="$(agent_root)/ongoing-deployment"
  mkdir -p "$tracking"
  echo "host-command-$id" > "$tracking/$id"
  "$@" || status=$?
  rm -f "$tracking/$id"
  if [ "${AGENT_POLL_SECONDS:-0}" != 0 ]; then /usr/bin/sleep "$AGENT_POLL_SECONDS"; fi
  return "$status"
}

# A fresh instance has no last revision: the agent's ApplicationStop command runs no script.
skip_application_stop() { echo "deploy: no revision installed here yet: the agent skips ApplicationStop"; }
download_bundle() { mkdir -p "$(dirname "$2")" && cp -a "$1" "$2"; }
record_install() { install_files "$1" && echo "$2" > "$(instructions)/${GROUP_ID}_last_successful_install"; }

# deploy REVISION: one deployment onto this instance, as the agent plays it (see the top).
deploy() {
  local revision=$1 count id root last event
  mkdir -p "$(instructions)"
  count=$(( $(cat "$(agent_root)/.deployments" 2>/dev/null || echo 0) + 1 ))
  echo "$count" > "$(agent_root)/.deployments"
  id=$(printf 'd-T%08d' "$count")
  echo "$id" > "$(agent_root)/.current-deployment"
  last=$(cat "$(instructions)/${GROUP_ID}_last_successful_install" 2>/dev/null || true)
  if [ -n "$last" ]; then
    agent_command "$id" run_hook "$last/deployment-archive" ApplicationStop || { echo "deploy: ApplicationStop failed"; return 1; }
  else
    agent_command "$id" skip_application_stop
  fi
  root="$(agent_root)/$GROUP_ID/$id"
  agent_command "$id" download_bundle "$revision" "$root/deployment-archive"
  agent_command "$id" run_hook "$root/deployment-archive" BeforeInstall || { echo "deploy: BeforeInstall failed"; return 1; }
  agent_command "$id" record_install "$root/deployment-archive" "$root"
  for event in AfterInstall ApplicationStart ValidateService; do
    agent_command "$id" run_hook "$root/deployment-archive" "$event" || { echo "deploy: $event failed"; return 1; }
  done
}

get() {
  curl -sS --max-time 5 "http://127.0.0.1:$PORT$1"
}

status_of() {
  curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT$1"
}
