# shellcheck shell=bash
# The paths and settings defined here are used by the hooks that source this file.
# shellcheck disable=SC2034
# Shared by every lifecycle hook: paths, logging, instance settings, web-server control.
# Hooks set HOOK before sourcing this file. DEPLOY_ROOT is empty on an instance; tests point
# it at a sandbox so every path below lands there.

readonly DEPLOY_ROOT="${DEPLOY_ROOT:-}"
# The bundle's absolute path: this file is <bundle>/scripts/lib/common.sh (its path always has a
# folder: the hooks source it as <their folder>/lib/common.sh, so no dirname process). In a
# subshell: a cd back would fail where the hook's user may not enter the caller's folder (a hand
# run from /root), which the agent's cwd / never is.
BUNDLE_DIR=$(cd "${BASH_SOURCE[0]%/*}/../.." && pwd)
readonly BUNDLE_DIR
readonly WEB_ROOT="$DEPLOY_ROOT/var/www/html"
readonly APP_CONFIG_DIR="$DEPLOY_ROOT/etc/webapp"
readonly HTTPD_CONF_DIR="$DEPLOY_ROOT/etc/httpd/conf.d"
readonly HTTPD_CONF="$DEPLOY_ROOT/etc/httpd/conf/httpd.conf"
readonly INSTANCE_SETTINGS="$DEPLOY_ROOT/etc/codedeploy-bluegreen/instance.env"
# The bootstrap's placeholder pages (absolute paths on the instance, one a line).
readonly PLACEHOLDERS="$DEPLOY_ROOT/etc/codedeploy-bluegreen/placeholders"
readonly WEB_SERVICE=httpd

# Diagnostics go to stderr, never stdout: hooks capture the output of functions
# (version=$(revision_version)), and a log line there would become part of the value. The
# agent records both streams in its scripts.log.
log() {
  TZ=UTC printf '%(%Y-%m-%dT%H:%M:%SZ)T [%s] %s\n' -1 "${HOOK:?HOOK must be set}" "$*" >&2
}

fail() {
  log "FAILED: $*"
  exit 1
}

# Reads KEY=value lines of the keys given, without executing the file.
read_settings() {
  local file=$1 key value
  shift
  [ -r "$file" ] || return 0
  while IFS='=' read -r key value || [ -n "$key" ]; do
    case " $* " in
      *" $key "*) printf -v "$key" '%s' "$value" ;;
    esac
  done < "$file"
}

# Instance settings (written by the launch template's user data), then the bundle's own
# config/hooks.env. Defaults keep a hand-run hook usable on a bare host.
load_settings() {
  APP_NAME=webapp
  ENVIRONMENT=unknown
  APP_PORT=80
  HEALTH_CHECK_PATH=/health
  PARAMETER_PATH=
  AWS_REGION=
  SSM_PARAMETER=
  VALIDATE_ATTEMPTS=10
  VALIDATE_MAX_DELAY=8
  read_settings "$INSTANCE_SETTINGS" APP_NAME ENVIRONMENT APP_PORT HEALTH_CHECK_PATH PARAMETER_PATH AWS_REGION
  read_settings "$BUNDLE_DIR/config/hooks.env" SSM_PARAMETER VALIDATE_ATTEMPTS VALIDATE_MAX_DELAY
  [[ "$APP_PORT" =~ ^[0-9]+$ ]] || fail "APP_PORT must be a number, got '$APP_PORT'"
  [[ "$HEALTH_CHECK_PATH" == /* ]] || fail "HEALTH_CHECK_PATH must start with /, got '$HEALTH_CHECK_PATH'"
  [[ "$VALIDATE_ATTEMPTS" =~ ^[1-9][0-9]*$ ]] || fail "VALIDATE_ATTEMPTS must be a positive number, got '$VALIDATE_ATTEMPTS'"
  [[ "$VALIDATE_MAX_DELAY" =~ ^[1-9][0-9]*$ ]] || fail "VALIDATE_MAX_DELAY must be a positive number, got '$VALIDATE_MAX_DELAY'"
}

# The revision's version: the build writes VERSION (commit ID); a hand-made bundle may not.
revision_version() {
  local version=unversioned
  if [ -r "$BUNDLE_DIR/VERSION" ]; then
    # The file without its whitespace (what `tr -d '[:space:]'` leaves), read without a process.
    version=""
    IFS= read -r -d '' version < "$BUNDLE_DIR/VERSION" || true
    version=${version//[$' \t\n\v\f\r']/}
  fi
  [[ "$version" =~ ^[A-Za-z0-9._+-]{1,64}$ ]] || fail "VERSION must be 1-64 characters of letters, digits and ._+-, got '$version'"
  printf '%s\n' "$version"
}

# The file under app/ (and under the web root) that answers HEALTH_CHECK_PATH, as httpd maps
# it: a path ending in / is answered by its index.html.
health_file() {
  local file=${HEALTH_CHECK_PATH#/}
  if [ -z "$file" ] || [[ "$file" == */ ]]; then file+=index.html; fi
  printf '%s\n' "$file"
}

web_server_installed() {
  command -v httpd >/dev/null 2>&1 || command -v apache2 >/dev/null 2>&1 || [ -x /usr/sbin/httpd ]
}

web_server_running() {
  command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$WEB_SERVICE"
}

# Writes stdin to a file atomically (readers never see half a file) with the given mode.
write_file() {
  local target=$1 mode=$2 tmp
  tmp=$(mktemp "${target%/*}/.tmp.XXXXXX") # every target is an absolute path
  cat > "$tmp"
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$target"
}
