#!/usr/bin/env bash
# BeforeInstall: make sure the web server package and the directories exist. Installs only
# what is missing; never runs a full system update on the deployment path.
set -euo pipefail
HOOK=BeforeInstall
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if web_server_installed; then
  log "web server present"
elif command -v dnf >/dev/null 2>&1; then
  log "installing httpd"
  dnf install -y --setopt=install_weak_deps=False httpd
elif command -v apt-get >/dev/null 2>&1; then
  log "installing apache2"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends apache2
else
  fail "no web server and no package manager (dnf or apt-get) to install one"
fi

for dir in "$WEB_ROOT" "$APP_CONFIG_DIR" "$HTTPD_CONF_DIR"; do
  if [ ! -d "$dir" ]; then
    log "creating $dir"
    install -d -m 0755 "$dir"
  fi
done
log "ready for the new revision's files"
