#!/usr/bin/env bash
# AfterInstall: render the revision's pages and configuration. The health answer carries this
# deployment's ID and version, which is how ValidateService knows that this revision answers.
# Nothing secret ships in the bundle: when config/hooks.env names an SSM parameter, its value is
# read from Parameter Store (under this instance's parameter path) into a root-only file.
set -euo pipefail
HOOK=AfterInstall
# This script's folder, as dirname gives it, without a process (see lib/common.sh).
hook_dir=.; [[ "${BASH_SOURCE[0]}" != */* ]] || hook_dir=${BASH_SOURCE[0]%/*}
# shellcheck source=lib/common.sh
source "$hook_dir/lib/common.sh"
load_settings

version=$(revision_version)
deployment_id=${DEPLOYMENT_ID:-manual}
TZ=UTC printf -v deployed_at '%(%Y-%m-%dT%H:%M:%SZ)T' -1
host=$(hostname)
log "rendering revision $version (deployment $deployment_id, environment $ENVIRONMENT)"

# escape_sed VALUE: VALUE as the replacement of a s|…|…| command (/, &, | and \ escaped; no
# trailing newlines, as a command substitution leaves none), into ESCAPED. Builtins only: a
# printf | sed pipeline per field and file cost 30 processes per run.
escape_sed() {
  local i char
  ESCAPED=""
  for (( i = 0; i < ${#1}; i++ )); do
    char=${1:i:1}
    case "$char" in
      / | \& | \| | \\) ESCAPED+="\\$char" ;;
      *) ESCAPED+=$char ;;
    esac
  done
  while [[ "$ESCAPED" == *$'\n' ]]; do ESCAPED=${ESCAPED%$'\n'}; done
}
# The sed expressions that fill in the @@…@@ fields (the same for every file rendered).
fields=()
add_field() { escape_sed "$2"; fields+=(-e "s|@@$1@@|$ESCAPED|g"); }
add_field VERSION "$version"
add_field DEPLOYMENT_ID "$deployment_id"
add_field ENVIRONMENT "$ENVIRONMENT"
add_field HOST "$host"
add_field DEPLOYED_AT "$deployed_at"
# render app/FILE: the revision's copy with its @@…@@ fields filled in, into the web root.
render() {
  sed "${fields[@]}" "$BUNDLE_DIR/app/$1" | write_file "$WEB_ROOT/$1" 0644
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
