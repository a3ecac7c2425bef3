#!/usr/bin/env bash
# AfterInstall: render the revision's pages and configuration. The health answer carries this
# deployment's ID and version, which is how ValidateService knows that this revision answers.
# Nothing secret ships in the bundle: when config/hooks.env names an SSM parameter, its value is
# read from Parameter Store (under this instance's parameter path) into a root-only file.
set -euo pipefail
HOOK=AfterInstall
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
load_settings

version=$(revision_version)
deployment_id=${DEPLOYMENT_ID:-manual}
deployed_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
host=$(hostname)
log "rendering revision $version (deployment $deployment_id, environment $ENVIRONMENT)"

escape_sed() { printf '%s' "$1" | sed -e 's/[\/&|]/\\&/g'; }
# render app/FILE: the revision's copy with its @@…@@ fields filled in, into the web root.
render() {
  sed -e "s|@@VERSION@@|$(escape_sed "$version")|g" \
      -e "s|@@DEPLOYMENT_ID@@|$(escape_sed "$deployment_id")|g" \
      -e "s|@@ENVIRONMENT@@|$(escape_sed "$ENVIRONMENT")|g" \
      -e "s|@@HOST@@|$(escape_sed "$host")|g" \
      -e "s|@@DEPLOYED_AT@@|$(escape_sed "$deployed_at")|g" \
      "$BUNDLE_DIR/app/$1" | write_file "$WEB_ROOT/$1" 0644
}
render index.html
health=$(health_file)
if [ "$health" = index.html ]; then
  :
elif [ -f "$BUNDLE_DIR/app/$health" ]; then
  render "$health"
else
  # Never write one here: ValidateService must see what the revision itself serves.
  log "the revision ships no app/$health: the application must answer $HEALTH_CHECK_PATH itself"
fi
printf '%s\n' "$version" | write_file "$WEB_ROOT/version.txt" 0644

write_file "$APP_CONFIG_DIR/app.env" 0644 <<SETTINGS
APP_NAME=$APP_NAME
ENVIRONMENT=$ENVIRONMENT
VERSION=$version
DEPLOYMENT_ID=$deployment_id
SETTINGS

write_file "$HTTPD_CONF_DIR/webapp.conf" 0644 <<CONF
# Rendered by the AfterInstall hook of revision $version; replaced on every deployment.
Header always set X-App-Version "$version"
<Location "$HEALTH_CHECK_PATH">
  Header always set Cache-Control "no-store"
</Location>
CONF

if [ -n "$SSM_PARAMETER" ]; then
  [ -n "$PARAMETER_PATH" ] || fail "config/hooks.env names SSM_PARAMETER=$SSM_PARAMETER but the instance has no PARAMETER_PATH"
  command -v aws >/dev/null 2>&1 || fail "config/hooks.env names SSM_PARAMETER=$SSM_PARAMETER but the aws CLI is not installed"
  name="${PARAMETER_PATH}${SSM_PARAMETER}"
  log "reading $name from Parameter Store"
  value=$(aws ssm get-parameter ${AWS_REGION:+--region "$AWS_REGION"} --with-decryption --name "$name" \
    --query Parameter.Value --output text) || fail "could not read $name from Parameter Store"
  printf 'APP_SECRET=%s\n' "$value" | write_file "$APP_CONFIG_DIR/secrets.env" 0600
else
  log "no SSM parameter configured: no secrets to fetch"
  rm -f "$APP_CONFIG_DIR/secrets.env"
fi
log "configuration rendered"
