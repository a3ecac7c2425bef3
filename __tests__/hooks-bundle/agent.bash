# shellcheck shell=bash
# CodeDeploy agent emulation for the shell tests: deploy plays one deployment onto the sandbox
# instance (helpers.bash) the way the agent does (aws-codedeploy-agent 1.8.1,
# lib/instance_agent/plugins/codedeploy/):
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
#
# Sourced by helpers.bash. A test's call of deploy, run_hook or install_files runs in a plain
# bash child (plain.bash; see helpers.bash), one process per call, so the agent keeps its state
# where the real one does, in the sandbox's deployment-root, and what a command reads more than
# once is kept in this process (APPSPEC_OF, USER_EXISTS).

# The agent's folders in the sandbox: AGENT_ROOT (deployment-root) and its INSTRUCTIONS.
agent_paths() {
  AGENT_ROOT="$SANDBOX/opt/codedeploy-agent/deployment-root"
  INSTRUCTIONS="$AGENT_ROOT/deployment-instructions"
}

# What the agent reads from a revision's appspec (appspec.js: per line kind, name or source,
# location or destination, timeout, runas), into APPSPEC. A parse is kept per distinct appspec
# (node is slow to start; APPSPEC_CACHE keeps the parses for a whole bats file) and per archive
# in this process (a deployment reads its archive's appspec once per command). The cache is
# looked up by the appspec's text, compared with builtins: appspec.N.yml holds the text whose
# parse is appspec.N.tsv (a checksum process per command cost more than the comparison).
declare -gA APPSPEC_OF=()
appspec() {
  local archive=$1 cache text="" cached n=0
  if [ -z "${APPSPEC_OF[$archive]+set}" ]; then
    cache=${APPSPEC_CACHE:-$archive}
    IFS= read -r -d '' text < "$archive/appspec.yml" || true
    while [ -f "$cache/appspec.$n.yml" ]; do
      cached=""
      IFS= read -r -d '' cached < "$cache/appspec.$n.yml" || true
      [ "$cached" != "$text" ] || break
      n=$(( n + 1 ))
    done
    if [ ! -f "$cache/appspec.$n.tsv" ]; then
      node "$HOOKS_TEST_DIR/appspec.js" "$archive/appspec.yml" > "$cache/appspec.$n.tsv"
      printf '%s' "$text" > "$cache/appspec.$n.yml"
    fi
    IFS= read -r -d '' text < "$cache/appspec.$n.tsv" || true
    APPSPEC_OF[$archive]=$text
  fi
  APPSPEC=${APPSPEC_OF[$archive]}
}

# The ID of the deployment under way (or last played), into DEPLOYMENT_ID_NOW; every command is
# a process of its own, so it is a file.
current_deployment_id() {
  DEPLOYMENT_ID_NOW=d-T00000000
  if [ -f "$AGENT_ROOT/.current-deployment" ]; then read -r DEPLOYMENT_ID_NOW < "$AGENT_ROOT/.current-deployment" || true; fi
}

# runas_command RUNAS: sets RUNAS_COMMAND to the agent's `su <runas> -c` (no runas: as the
# agent, root), to which the script's path is appended. Whether a user exists is asked of
# getent once per bats file (APPSPEC_CACHE: every command is a process of its own) or process.
declare -gA USER_EXISTS=()
runas_command() {
  local known
  if [ -z "$1" ] || [ "$EUID" -ne 0 ]; then
    RUNAS_COMMAND=(bash -c)
    return 0
  fi
  if [ -z "${USER_EXISTS[$1]+set}" ]; then
    known="${APPSPEC_CACHE:-}/user-exists.$1"
    if [ -n "${APPSPEC_CACHE:-}" ] && [ -s "$known" ]; then
      read -r "USER_EXISTS[$1]" < "$known"
    else
      USER_EXISTS[$1]=false
      if getent passwd "$1" >/dev/null; then USER_EXISTS[$1]=true; fi
      if [ -n "${APPSPEC_CACHE:-}" ]; then echo "${USER_EXISTS[$1]}" > "$known"; fi
    fi
  fi
  if "${USER_EXISTS[$1]}"; then
    RUNAS_COMMAND=(su "$1" -c)
  else
    RUNAS_COMMAND=(su -s /bin/bash nobody -c)
  fi
}

# run_hook ARCHIVE EVENT: every script the archive's appspec names for EVENT, in order, as the
# agent runs it (user, cwd /, environment, timeout) for the current deployment. The agent's
# scripts start in /: this process moves there and stays (paths here are absolute).
run_hook() {
  local archive=$1 event=$2 kind name location timeout runas found=false
  [[ "$archive" == /* ]] || archive=$PWD/$archive
  appspec "$archive"
  agent_paths
  current_deployment_id
  cd /
  while IFS=$'\t' read -r kind name location timeout runas; do
    if [ "$kind" != hook ] || [ "$name" != "$event" ]; then continue; fi
    found=true
    runas_command "$runas"
    LIFECYCLE_EVENT=$event DEPLOYMENT_ID=$DEPLOYMENT_ID_NOW APPLICATION_NAME=webapp-test \
      DEPLOYMENT_GROUP_NAME=webapp-test DEPLOYMENT_GROUP_ID=$GROUP_ID \
      timeout "$timeout" "${RUNAS_COMMAND[@]}" "$archive/$location" || return
  done <<< "$APPSPEC"
  $found || { echo "appspec of $archive has no $event hook" >&2; return 1; }
}

# The agent's Install step: remove what the previous Install copied, copy the revision's files
# per the appspec (overwriting), apply the appspec's permissions.
install_files() {
  local archive=$1 kind source destination copied=() cleanup listed
  [[ "$archive" == /* ]] || archive=$PWD/$archive
  agent_paths
  cleanup="$INSTRUCTIONS/$GROUP_ID-cleanup"
  if [ -f "$cleanup" ]; then
    mapfile -t copied < "$cleanup"
    rm -f -- "${copied[@]}" "$cleanup"
  fi
  [ -d "$INSTRUCTIONS" ] || mkdir -p "$INSTRUCTIONS"
  : > "$cleanup"
  appspec "$archive"
  while IFS=$'\t' read -r kind source destination _ _; do
    [ "$kind" = files ] || continue
    mkdir -p "$SANDBOX$destination"
    cp -a "$archive/$source/." "$SANDBOX$destination/"
    # Each copied file's path as the -cleanup file lists it (find's -printf format: % and \ escaped).
    listed="$SANDBOX$destination/"
    listed=${listed//\\/\\\\}
    find "$archive/$source" -type f -printf "${listed//%/%%}%P\n" >> "$cleanup"
    find "$SANDBOX$destination" \( -type f -exec chmod 644 {} + \) -o \( -type d -exec chmod 755 {} + \)
  done <<< "$APPSPEC"
}

# agent_command ID COMMAND...: one lifecycle command as the agent processes it: the deployment's
# tracking file while COMMAND runs, then the poll for the next command.
agent_command() {
  local id=$1 status=0 tracking="$AGENT_ROOT/ongoing-deployment"
  shift
  echo "host-command-$id" > "$tracking/$id"
  "$@" || status=$?
  rm -f "$tracking/$id"
  if [ "${AGENT_POLL_SECONDS:-0}" != 0 ]; then pause "$AGENT_POLL_SECONDS"; fi
  return "$status"
}

# A fresh instance has no last revision: the agent's ApplicationStop command runs no script.
skip_application_stop() { echo "deploy: no revision installed here yet: the agent skips ApplicationStop"; }
download_bundle() { mkdir -p "${2%/*}" && cp -a "$1" "$2"; }
record_install() { install_files "$1" && echo "$2" > "$INSTRUCTIONS/${GROUP_ID}_last_successful_install"; }

# deploy REVISION: one deployment onto this instance, as the agent plays it (see the top).
deploy() {
  local revision=$1 count=0 id root last="" event
  [[ "$revision" == /* ]] || revision=$PWD/$revision
  agent_paths
  # A test's first deployment makes the folders; mkdir is a process, the test is a builtin.
  if [ ! -d "$INSTRUCTIONS" ] || [ ! -d "$AGENT_ROOT/ongoing-deployment" ]; then
    mkdir -p "$INSTRUCTIONS" "$AGENT_ROOT/ongoing-deployment"
  fi
  if [ -r "$AGENT_ROOT/.deployments" ]; then read -r count < "$AGENT_ROOT/.deployments" || true; fi
  count=$(( count + 1 ))
  echo "$count" > "$AGENT_ROOT/.deployments"
  printf -v id 'd-T%08d' "$count"
  echo "$id" > "$AGENT_ROOT/.current-deployment"
  if [ -r "$INSTRUCTIONS/${GROUP_ID}_last_successful_install" ]; then read -r last < "$INSTRUCTIONS/${GROUP_ID}_last_successful_install" || true; fi
  if [ -n "$last" ]; then
    agent_command "$id" run_hook "$last/deployment-archive" ApplicationStop || { echo "deploy: ApplicationStop failed"; return 1; }
  else
    agent_command "$id" skip_application_stop
  fi
  root="$AGENT_ROOT/$GROUP_ID/$id"
  agent_command "$id" download_bundle "$revision" "$root/deployment-archive"
  agent_command "$id" run_hook "$root/deployment-archive" BeforeInstall || { echo "deploy: BeforeInstall failed"; return 1; }
  agent_command "$id" record_install "$root/deployment-archive" "$root"
  for event in AfterInstall ApplicationStart ValidateService; do
    agent_command "$id" run_hook "$root/deployment-archive" "$event" || { echo "deploy: $event failed"; return 1; }
  done
}

