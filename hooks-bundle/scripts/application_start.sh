#!/usr/bin/env bash
# ApplicationStart: enable the web server for reboots and serve the new revision (reload
# when it already runs, so in-flight requests finish).
set -euo pipefail
HOOK=ApplicationStart
# This script's folder, as dirname gives it, without a process (see lib/common.sh).
hook_dir=.; [[ "${BASH_SOURCE[0]}" != */* ]] || hook_dir=${BASH_SOURCE[0]%/*}
# shellcheck source=lib/common.sh
source "$hook_dir/lib/common.sh"

systemctl enable "$WEB_SERVICE"
if web_server_running; then
  log "reloading $WEB_SERVICE"
  systemctl reload "$WEB_SERVICE"
else
  log "starting $WEB_SERVICE"
  systemctl start "$WEB_SERVICE"
fi
web_server_running || fail "$WEB_SERVICE is not running after start"
log "$WEB_SERVICE is serving"
