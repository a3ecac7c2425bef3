#!/usr/bin/env bash
# ApplicationStop: stop serving the current revision before the next one is installed.
# The agent runs it from the last revision whose Install step succeeded on this instance (even
# if that deployment failed later), and not at all on an instance where none did: every
# blue/green deployment lands on fresh instances, so there it runs only on in-place
# redeployments. Where nothing is installed or running, that is a success, not an error.
set -euo pipefail
HOOK=ApplicationStop
# This script's folder, as dirname gives it, without a process (see lib/common.sh).
hook_dir=.; [[ "${BASH_SOURCE[0]}" != */* ]] || hook_dir=${BASH_SOURCE[0]%/*}
# shellcheck source=lib/common.sh
source "$hook_dir/lib/common.sh"

revision="revision $(revision_version)"
if ! web_server_installed; then
  log "$revision: no web server installed: nothing to stop"
  exit 0
fi
if ! web_server_running; then
  log "$revision: $WEB_SERVICE is not running: nothing to stop"
  exit 0
fi

log "$revision: stopping $WEB_SERVICE"
systemctl stop "$WEB_SERVICE"
for (( waited = 0; waited < 30; waited++ )); do
  web_server_running || { log "$revision: $WEB_SERVICE stopped"; exit 0; }
  sleep 1
done
fail "$WEB_SERVICE still running 30 s after stop"
