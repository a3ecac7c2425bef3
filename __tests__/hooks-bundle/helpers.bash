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
# agent does (agent.bash).
#
# A bats test's shell runs under bats' DEBUG trap, which doubles the cost of every fork in it
# (2000 `$(echo)` take 11 s there, 5.4 s in plain bash). So the helpers that start many processes
# run in a plain bash child (plain.bash) when a test calls them, and the rest read files and
# build paths with builtins instead of processes; their state lives in the sandbox's files.

# This folder and the bundle, as absolute paths (cd, not a subshell: see above).
helpers_caller_dir=$PWD
helpers_dir=${BASH_SOURCE[0]%/*}
[ "$helpers_dir" != "${BASH_SOURCE[0]}" ] || helpers_dir=.
cd "$helpers_dir" || return
HOOKS_TEST_DIR=$PWD
cd ../../hooks-bundle || return
BUNDLE=$PWD
cd "$helpers_caller_dir" || return
unset helpers_caller_dir helpers_dir
GROUP_ID=0b5e8a3c-6f1d-4c2e-9a7b-3d4f5e6a7b8c

# in_plain_bash FUNCTION ARGS...: FUNCTION of these helpers in a plain bash child (plain.bash),
# away from bats' DEBUG trap; its output, exit status and files are those of FUNCTION.
in_plain_bash() { "$BASH" "$HOOKS_TEST_DIR/plain.bash" "$@"; }

free_port() {
  local port attempt
  for (( attempt = 0; attempt < 50; attempt++ )); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 25001 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free loopback port found" >&2
  return 1
}

# render_user_data [HEALTH_CHECK_PATH] [BOOTSTRAP[+logs]...]: once per bats file (setup_file), in
# one node process: the user data of each bootstrap mode (default full; "+logs": shipping the
# instance logs to /webapp/test/instances/*), in $BATS_FILE_TMPDIR/user-data-<mode>.sh; sets
# USER_DATA to the last one's and PORT (a port already chosen is kept, so every mode of one file
# serves the same port).
render_user_data() {
  local health=${1:-/health} mode logs args=()
  shift || true
  if [ $# -eq 0 ]; then set -- full; fi
  if [ -z "${PORT:-}" ]; then PORT=$(free_port); fi
  for mode in "$@"; do
    USER_DATA="$BATS_FILE_TMPDIR/user-data-$mode.sh"
    logs=""
    if [[ "$mode" == *+logs ]]; then logs=',"instanceLogGroupPrefix":"/webapp/test/instances"'; fi
    args+=("{\"appPort\":$PORT,\"healthCheckPath\":\"$health\",\"appName\":\"webapp\",\"environment\":\"test\",\"parameterPath\":\"/webapp/test/\",\"bootstrap\":\"${mode%+logs}\"$logs}" "$USER_DATA")
  done
  node "$HOOKS_TEST_DIR/render-user-data.js" "${args[@]}"
  export PORT USER_DATA
}

# pause SECONDS: what `sleep SECONDS` does, without a process (the waits below poll, and each
# sleep process costs more CPU than the poll itself): a read that times out on the sandbox's
# fifo, opened read-write so that the open returns at once and nothing ever arrives (a sleep
# process where there is no sandbox yet).
pause() {
  if [ -p "${SANDBOX:-}/run/standins/pause" ]; then read -rt "$1" <> "$SANDBOX/run/standins/pause" || true; else sleep "$1"; fi
}

# read_pid FILE: the pid a pid file holds, into PID_READ (false when there is none).
read_pid() {
  PID_READ=""
  [ -s "$1" ] && read -r PID_READ < "$1" 2>/dev/null
  [ -n "$PID_READ" ]
}

# Processes of the sandbox's own unit files (the systemctl stand-in's pid files).
stop_sandbox_units() {
  local pidfile
  for pidfile in "$SANDBOX"/run/standins/unit-*.pid; do
    [ -e "$pidfile" ] || continue
    if read_pid "$pidfile"; then kill "$PID_READ" 2>/dev/null || true; fi
    rm -f "$pidfile"
  done
}

# sandbox_env DIR: this shell's view of the sandbox root DIR: SANDBOX, DEPLOY_ROOT, the stand-ins
# on PATH.
sandbox_env() {
  export SANDBOX=$1 DEPLOY_ROOT=$1
  export PATH="$SANDBOX/bin:$PATH"
}

# make_sandbox: the sandbox's folders, the stand-ins' links and pause's fifo.
make_sandbox() {
  mkdir -p "$SANDBOX"/{bin,bootstrap-bin,dev,revisions,run/standins,var/log/standins}
  mkfifo "$SANDBOX/run/standins/pause"
  chmod 755 "$SANDBOX"
  ln -sf -t "$SANDBOX/bin" "$HOOKS_TEST_DIR"/standins/{curl,dnf,logger,systemctl}
  ln -sf -t "$SANDBOX/bootstrap-bin" "$HOOKS_TEST_DIR/standins/sleep"
}

# setup_sandbox [DIR]: an empty root (a new temporary one by default) with the stand-ins on PATH.
setup_sandbox() {
  local dir=${1:-}
  if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/hooks-sandbox.XXXXXX); fi
  sandbox_env "$dir"
  in_plain_bash make_sandbox
}

# Booting an instance costs more than a whole deployment, so a bats file whose tests start
# from a booted instance boots one in setup_file (boot_instance_image) and each test gets a
# copy of that root (start_booted_instance), as instances launched from the same image and
# user data would be; the root's path stays the same because the files name it.
boot_instance_image() {
  IMAGE_DIR=$(mktemp -d /tmp/hooks-image.XXXXXX)
  export IMAGE_DIR APPSPEC_CACHE="$IMAGE_DIR"
  sandbox_env "$IMAGE_DIR/root"
  in_plain_bash make_instance_image
}

make_instance_image() {
  chmod 755 "$IMAGE_DIR"
  make_sandbox
  bootstrap_instance
  systemctl stop httpd
  stop_standin_server
  mv "$SANDBOX" "$IMAGE_DIR/booted"
}

start_booted_instance() {
  sandbox_env "$IMAGE_DIR/root"
  in_plain_bash copy_booted_instance
}

# The image's root copied to the sandbox's path (its folders and links came with it), its web
# server started.
copy_booted_instance() {
  if [ -e "$SANDBOX" ]; then rm -rf "$SANDBOX"; fi # the last test's teardown removed it
  cp -a "$IMAGE_DIR/booted" "$SANDBOX"
  systemctl start httpd
}

remove_instance_image() {
  if [ -n "${IMAGE_DIR:-}" ]; then rm -rf "$IMAGE_DIR"; fi
}

# The sandbox's Apache stopped as `apache2 -k stop` stops it (SIGTERM to the pid file's
# process), without the systemctl stand-in's and apache2's processes; done when the pid file is
# gone (Apache removes it as it exits), so that rm -rf does not race its last writes.
stop_sandbox_httpd() {
  local pidfile="$SANDBOX/run/httpd/httpd.pid" waited
  read_pid "$pidfile" || return 0
  kill "$PID_READ" 2>/dev/null || return 0
  for (( waited = 0; waited < 200; waited++ )); do
    [ -e "$pidfile" ] || return 0
    pause 0.05
  done
  echo "the sandbox's httpd did not stop in 10 s" >&2
}

teardown_sandbox() {
  if [ -n "${SANDBOX:-}" ] && [ -d "$SANDBOX" ]; then
    stop_sandbox_httpd
    stop_sandbox_units
    stop_standin_server
    rm -rf "$SANDBOX"
  fi
}

# start_standin_server [IMDS_FAILURES] [REGION]: the stand-in server answers this sandbox's
# requests as asked (standins/metadata-server.js): the bats file's shared server when setup_file
# started one (start_shared_standin_server; node takes ~0.2 CPU-s per start), else the
# sandbox's own.
start_standin_server() {
  local dir="$SANDBOX/run/standins"
  printf 'IMDS_FAILURES=%s\nREGION=%s\nRUN=%s.%s\n' "${1:-0}" "${2:-eu-west-1}" "$BASHPID" "$EPOCHREALTIME" > "$dir/server.conf"
  if [ -n "${STANDIN_SERVER_PORT:-}" ]; then
    echo "$STANDIN_SERVER_PORT" > "$dir/server.port"
  else
    launch_standin_server "$dir"
  fi
}

# launch_standin_server DIR: a stand-in server, its pid and port in DIR/server.{pid,port}.
launch_standin_server() {
  local waited
  PORT_DIR=$1 INSTALLER="$HOOKS_TEST_DIR/standins/codedeploy-install" \
    node "$HOOKS_TEST_DIR/standins/metadata-server.js" </dev/null >/dev/null 2>&1 3>&- &
  echo $! > "$1/server.pid"
  for (( waited = 0; waited < 400; waited++ )); do
    [ -s "$1/server.port" ] && return 0
    pause 0.05
  done
  echo "the stand-in server did not start" >&2
  return 1
}

stop_standin_server() {
  local pidfile="$SANDBOX/run/standins/server.pid"
  if [ -s "$pidfile" ]; then
    if read_pid "$pidfile"; then kill "$PID_READ" 2>/dev/null || true; fi
    rm -f "$pidfile"
  fi
}

# start_shared_standin_server (setup_file) and stop_shared_standin_server (teardown_file): one
# stand-in server for every sandbox of the bats file (STANDIN_SERVER_PORT).
start_shared_standin_server() {
  local dir="$BATS_FILE_TMPDIR/standin-server"
  mkdir -p "$dir"
  in_plain_bash launch_standin_server "$dir"
  STANDIN_SERVER_PORT=""
  read -r STANDIN_SERVER_PORT < "$dir/server.port" || [ -n "$STANDIN_SERVER_PORT" ] # no final newline
  export STANDIN_SERVER_PORT
}

stop_shared_standin_server() {
  if read_pid "$BATS_FILE_TMPDIR/standin-server/server.pid"; then kill "$PID_READ" 2>/dev/null || true; fi
}

# run_user_data: the rendered user data as cloud-init runs it on first boot (root, its own
# file, PATH of the boot). The sleep stand-in (bootstrap-bin) records the backoff instead of
# waiting. Returns the script's exit status once its log is complete.
run_user_data() {
  local status=0 log="$SANDBOX/var/log/codedeploy-bootstrap.log" text waited
  DEPLOY_ROOT=$SANDBOX PATH="$SANDBOX/bootstrap-bin:$SANDBOX/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "$USER_DATA" </dev/null >/dev/null 2>&1 3>&- || status=$?
  # The script logs through a process substitution (tee | logger) that may still be writing.
  for (( waited = 0; waited < 400; waited++ )); do
    text=""
    [ -r "$log" ] && { IFS= read -r -d '' text < "$log" || true; }
    [[ "$text" =~ bootstrap\ complete|FAILED ]] && break
    pause 0.05
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

# set_hook_setting REVISION KEY VALUE: edits the revision's config/hooks.env (KEY=VALUE in place
# of the key's lines; fails when it has none).
set_hook_setting() {
  local file="$1/config/hooks.env" line lines=() found=false
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ "$line" == "$2="* ]]; then line="$2=$3" found=true; fi
    lines+=("$line")
  done < "$file"
  printf '%s\n' "${lines[@]}" > "$file"
  $found
}

# fast_validation REVISION: ValidateService gives up after 2 attempts, 1 s apart.
fast_validation() {
  set_hook_setting "$1" VALIDATE_ATTEMPTS 2
  set_hook_setting "$1" VALIDATE_MAX_DELAY 1
}

# print_file FILE: what `cat FILE` prints, without a process.
print_file() {
  local text=""
  [ -r "$1" ] || { echo "print_file: cannot read $1" >&2; return 1; }
  IFS= read -r -d '' text < "$1" || true
  printf '%s' "$text"
}

# The agent's deployment root in the sandbox, where it keeps its state (agent.bash).
agent_root() { echo "$SANDBOX/opt/codedeploy-agent/deployment-root"; }

# http_get PATH: the app port's answer to GET PATH, into HTTP_STATUS (000: nothing answered
# within 5 s) and HTTP_BODY, over bash's /dev/tcp: the tests ask often, and a curl process costs
# ~20 ms CPU on the test VM. HTTP/1.0, so the answer is the body up to the close (no chunks).
http_get() {
  local fd answer="" head
  HTTP_STATUS=000 HTTP_BODY=""
  exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$1" "$PORT" >&"$fd"
  IFS= read -r -d '' -t 5 -u "$fd" answer || true
  exec {fd}>&-
  [[ "$answer" == *$'\r\n\r\n'* ]] || { echo "no complete HTTP answer from port $PORT for $1" >&2; return 1; }
  head=${answer%%$'\r\n\r\n'*}
  [[ "$head" =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]] || { echo "no HTTP status line from port $PORT for $1" >&2; return 1; }
  HTTP_STATUS=${BASH_REMATCH[1]}
  HTTP_BODY=${answer#*$'\r\n\r\n'}
}

# get PATH: what `curl -sS http://127.0.0.1:$PORT/PATH` prints (the body), failing where no
# server answers.
get() { http_get "$1" && printf '%s' "$HTTP_BODY"; }

# status_of PATH: the answer's status code, 000 where no server answers (curl's %{http_code}).
status_of() {
  http_get "$1" 2>/dev/null || true
  echo "$HTTP_STATUS"
}

# wait_for_status CODE PATH: the app port answers PATH with CODE (000: nothing listens) within 5 s.
wait_for_status() {
  local seen="" waited
  for (( waited = 0; waited < 100; waited++ )); do
    seen=$(status_of "$2" 2>/dev/null) || true
    [ "$seen" = "$1" ] && return 0
    pause 0.05
  done
  echo "port $PORT answered $2 with $seen, not $1" >&2
  return 1
}

# The agent emulation (deploy, run_hook, install_files).
# shellcheck source-path=SCRIPTDIR source=agent.bash
source "$HOOKS_TEST_DIR/agent.bash"

# What a test calls runs in a plain bash child where it forks a lot (see the top); plain.bash
# sets PLAIN_BASH and so gets the functions themselves.
if [ -z "${PLAIN_BASH:-}" ]; then
  deploy() { in_plain_bash deploy "$@"; }
  run_hook() { in_plain_bash run_hook "$@"; }
  install_files() { in_plain_bash install_files "$@"; }
  bootstrap_instance() { in_plain_bash bootstrap_instance; }
  run_user_data() { in_plain_bash run_user_data; }
  start_standin_server() { in_plain_bash start_standin_server "$@"; }
  teardown_sandbox() { in_plain_bash teardown_sandbox; }
  wait_for_status() { in_plain_bash wait_for_status "$@"; }
fi
