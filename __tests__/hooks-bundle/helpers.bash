# shellcheck shell=bash
# Sandbox and lifecycle driver for the hook tests. Each test gets a throwaway root
# ($SANDBOX, which the hooks see as DEPLOY_ROOT) with a real Apache listening on a free
# loopback port; `deploy` plays one CodeDeploy deployment through the appspec's hooks.

HOOKS_TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUNDLE=$(cd "$HOOKS_TEST_DIR/../../hooks-bundle" && pwd)
DEPLOYMENT_COUNTER=0

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

setup_sandbox() {
  SANDBOX=$(mktemp -d /tmp/hooks-sandbox.XXXXXX)
  chmod 755 "$SANDBOX"
  export SANDBOX DEPLOY_ROOT="$SANDBOX"
  PORT=$(free_port)
  mkdir -p "$SANDBOX"/{bin,revisions,run/httpd,var/log/httpd,var/lib/codedeploy} "$SANDBOX"/etc/{httpd/conf,httpd/conf.d,codedeploy-bluegreen}
  ln -s "$HOOKS_TEST_DIR/systemctl" "$SANDBOX/bin/systemctl"
  export PATH="$SANDBOX/bin:$PATH"
  write_httpd_conf
  cat > "$SANDBOX/etc/codedeploy-bluegreen/instance.env" <<SETTINGS
APP_NAME=webapp
ENVIRONMENT=test
APP_PORT=$PORT
HEALTH_CHECK_PATH=/health
PARAMETER_PATH=/webapp/test/
SETTINGS
}

teardown_sandbox() {
  if [ -n "${SANDBOX:-}" ] && [ -d "$SANDBOX" ]; then
    systemctl stop httpd >/dev/null 2>&1 || true
    rm -rf "$SANDBOX"
  fi
}

# The layout of Amazon Linux's httpd (conf/httpd.conf including conf.d/*.conf), served by
# Debian's Apache binary and modules (or Homebrew's: APACHE_BIN / APACHE_MODULES, set by
# scripts/test.sh), confined to the sandbox and to 127.0.0.1.
write_httpd_conf() {
  local modules=${APACHE_MODULES:-/usr/lib/apache2/modules} user_lines=""
  if [ "$(id -u)" -eq 0 ]; then
    user_lines=$'User www-data\nGroup www-data'
  fi
  cat > "$SANDBOX/etc/httpd/conf/httpd.conf" <<CONF
ServerRoot "$SANDBOX/etc/httpd"
ServerName 127.0.0.1
Listen 127.0.0.1:$PORT
PidFile "$SANDBOX/run/httpd/httpd.pid"
DefaultRuntimeDir "$SANDBOX/run/httpd"
$user_lines
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule dir_module $modules/mod_dir.so
LoadModule mime_module $modules/mod_mime.so
LoadModule headers_module $modules/mod_headers.so
TypesConfig /etc/mime.types
ErrorLog "$SANDBOX/var/log/httpd/error_log"
LogFormat "%h %t \"%r\" %>s %b" common
CustomLog "$SANDBOX/var/log/httpd/access_log" common
DocumentRoot "$SANDBOX/var/www/html"
<Directory "$SANDBOX/var/www/html">
  Require all granted
</Directory>
DirectoryIndex index.html
IncludeOptional conf.d/*.conf
CONF
}

# make_revision NAME VERSION: a copy of the bundle as CodeDeploy would extract it.
make_revision() {
  local dir="$SANDBOX/revisions/$1"
  cp -a "$BUNDLE" "$dir"
  printf '%s\n' "$2" > "$dir/VERSION"
  echo "$dir"
}

# set_hook_setting REVISION KEY VALUE: edits the revision's config/hooks.env.
set_hook_setting() {
  sed -i -E "s|^$2=.*|$2=$3|" "$1/config/hooks.env"
  grep -q "^$2=$3\$" "$1/config/hooks.env"
}

# What the agent reads from a revision's appspec (parsed once per revision: node is slow to start).
appspec() {
  local parsed="$1.appspec.tsv"
  [ -f "$parsed" ] || node "$HOOKS_TEST_DIR/appspec.js" "$1/appspec.yml" > "$parsed"
  cat "$parsed"
}

# run_hook REVISION EVENT: runs the script the appspec names for EVENT, within its timeout,
# with the variables the CodeDeploy agent sets. (runas is the agent's job and not played here.)
run_hook() {
  local revision=$1 event=$2 kind name location timeout
  while IFS=$'\t' read -r kind name location timeout _; do
    if [ "$kind" != hook ] || [ "$name" != "$event" ]; then continue; fi
    LIFECYCLE_EVENT=$event DEPLOYMENT_ID="d-TEST$DEPLOYMENT_COUNTER" APPLICATION_NAME=webapp-test \
      DEPLOYMENT_GROUP_NAME=webapp-test timeout "$timeout" "$revision/$location"
    return
  done < <(appspec "$revision")
  echo "appspec of $revision has no $event hook" >&2
  return 1
}

# The agent's Install step: remove what the previous deployment installed, copy the
# revision's files per the appspec (overwriting), apply the appspec's permissions.
install_files() {
  local revision=$1 kind source destination installed="$SANDBOX/var/lib/codedeploy/installed.list" file
  if [ -f "$installed" ]; then
    while IFS= read -r file; do rm -f "$file"; done < "$installed"
  fi
  : > "$installed"
  while IFS=$'\t' read -r kind source destination _ _; do
    [ "$kind" = files ] || continue
    mkdir -p "$SANDBOX$destination"
    cp -a "$revision/$source/." "$SANDBOX$destination/"
    (cd "$revision/$source" && find . -type f) | while IFS= read -r file; do
      echo "$SANDBOX$destination/${file#./}" >> "$installed"
    done
    find "$SANDBOX$destination" -type f -exec chmod 644 {} +
    find "$SANDBOX$destination" -type d -exec chmod 755 {} +
  done < <(appspec "$revision")
}

# deploy REVISION [PREVIOUS]: one deployment in lifecycle order. ApplicationStop comes from
# the previously deployed revision, as CodeDeploy does; a first deployment has none.
deploy() {
  local revision=$1 previous=${2:-}
  DEPLOYMENT_COUNTER=$((DEPLOYMENT_COUNTER + 1))
  if [ -n "$previous" ]; then run_hook "$previous" ApplicationStop || { echo "deploy: ApplicationStop failed"; return 1; }; fi
  run_hook "$revision" BeforeInstall || { echo "deploy: BeforeInstall failed"; return 1; }
  install_files "$revision"
  local event
  for event in AfterInstall ApplicationStart ValidateService; do
    run_hook "$revision" "$event" || { echo "deploy: $event failed"; return 1; }
  done
}

get() {
  curl -sS --max-time 5 "http://127.0.0.1:$PORT$1"
}

status_of() {
  curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT$1"
}
