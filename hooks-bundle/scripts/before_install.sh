#!/usr/bin/env bash
# BeforeInstall: make sure the web server package and the directories exist, that httpd listens
# on the instance's app port (the revision owns it: a bootstrap without httpd left the package's
# port 80), and remove the bootstrap's placeholder pages, so that ValidateService can only be
# answered by what this revision installs. Installs only what is missing; never runs a full
# system update on the deployment path.
set -euo pipefail
HOOK=BeforeInstall
# This script's folder, as dirname gives it, without a process (see lib/common.sh).
hook_dir=.; [[ "${BASH_SOURCE[0]}" != */* ]] || hook_dir=${BASH_SOURCE[0]%/*}
# shellcheck source=lib/common.sh
source "$hook_dir/lib/common.sh"
load_settings

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

if [ -f "$HTTPD_CONF" ] && ! grep -qx "Listen $APP_PORT" "$HTTPD_CONF"; then
  log "httpd listens on the app port $APP_PORT"
  sed -i -E "s/^Listen [0-9]+$/Listen $APP_PORT/" "$HTTPD_CONF"
fi

for dir in "$WEB_ROOT" "$APP_CONFIG_DIR" "$HTTPD_CONF_DIR"; do
  if [ ! -d "$dir" ]; then
    log "creating $dir"
    install -d -m 0755 "$dir"
  fi
done
if [ -f "$PLACEHOLDERS" ]; then
  while IFS= read -r file || [ -n "$file" ]; do
    if [[ "$file" != /var/www/html/* || "$file" == *..* ]]; then
      log "ignoring placeholder entry '$file': not a file under /var/www/html"
    elif [ -e "$DEPLOY_ROOT$file" ]; then
      log "removing the bootstrap placeholder $file"
      rm -f "$DEPLOY_ROOT$file"
    fi
  done < "$PLACEHOLDERS"
  rm -f "$PLACEHOLDERS"
fi
log "ready for the new revision's files"
