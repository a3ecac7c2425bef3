#!/usr/bin/env bash
# ApplicationStop: stop serving the current revision before the next one is installed.
# CodeDeploy runs it from the previously deployed bundle; on a brand-new instance nothing is
# installed or running, and that is a success, not an error.
set -euo pipefail
HOOK=ApplicationStop
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if ! web_server_installed; then
  log "no web server installed: nothing to stop"
  exit 0
fi
if ! web_server_running; then
  log "$WEB_SERVICE is not running: nothing to stop"
  exit 0
fi

log "stopping $WEB_SERVICE"
systemctl stop "$WEB_SERVICE"
for _ in $(seq 1 30); do
  web_server_running || { log "$WEB_SERVICE stopped"; exit 0; }
  sleep 1
done
fail "$WEB_SERVICE still running 30 s after stop"
