import { HEALTH_CHECK_PATH } from "../network/load-balancer";

/**
 * Boot script of every fleet instance, seed or CodeDeploy copy. It installs a web server and
 * the CodeDeploy agent of the instance's own region (read from IMDSv2, so one script serves
 * every region and partition), retries every network step, logs to a file and the console,
 * and never runs a full system update on the boot path.
 */
export interface UserDataProps {
  /** Port the web server listens on. */
  readonly appPort: number;
  /**
   * Path the load balancer health-checks. A placeholder answers it until the first revision is
   * deployed, so the seed fleet is healthy and not recycled by the ELB health check.
   */
  readonly healthCheckPath: string;
  /** Recorded for the revision's hooks in {@link INSTANCE_SETTINGS_FILE}. */
  readonly appName: string;
  readonly environment: string;
  /** SSM parameter path prefix the hooks may read configuration from, e.g. `/webapp/dev/`. */
  readonly parameterPath: string;
}

export const BOOTSTRAP_LOG = "/var/log/codedeploy-bootstrap.log";
export const WEB_ROOT = "/var/www/html";
/** Where the hooks of every revision read this instance's settings (KEY=value lines). */
export const INSTANCE_SETTINGS_FILE = "/etc/codedeploy-bluegreen/instance.env";
/**
 * The placeholder pages the bootstrap created, one absolute path a line. The revision's
 * BeforeInstall removes them, so that ValidateService is answered by what the revision
 * installed and never by a placeholder.
 */
export const PLACEHOLDERS_FILE = "/etc/codedeploy-bluegreen/placeholders";

export function renderUserData(props: UserDataProps): string {
  if (!Number.isInteger(props.appPort) || props.appPort < 1 || props.appPort > 65535) {
    throw new Error(`renderUserData: appPort must be a whole number from 1 to 65535, got ${props.appPort}`);
  }
  if (!HEALTH_CHECK_PATH.test(props.healthCheckPath)) {
    throw new Error(`renderUserData: healthCheckPath must be an absolute URL path, got "${props.healthCheckPath}"`);
  }
  for (const [key, value] of Object.entries({ appName: props.appName, environment: props.environment, parameterPath: props.parameterPath })) {
    if (!/^[A-Za-z0-9/_.-]+$/.test(value)) throw new Error(`renderUserData: ${key} must use letters, digits, "/", "_", "." or "-", got "${value}"`);
  }
  const healthFile = props.healthCheckPath.endsWith("/") ? `${props.healthCheckPath}index.html` : props.healthCheckPath;
  return `#!/bin/bash
# Bootstrap of a blue/green fleet instance: web server + CodeDeploy agent.
set -euo pipefail
# Every path below is under ROOT: empty on an instance (cloud-init sets no DEPLOY_ROOT); the
# sandbox test of this script points DEPLOY_ROOT at a throwaway root.
readonly ROOT="\${DEPLOY_ROOT:-}"
exec > >(tee -a "$ROOT"${BOOTSTRAP_LOG} | logger -t codedeploy-bootstrap -s 2>"$ROOT"/dev/console) 2>&1

readonly APP_PORT=${props.appPort}
readonly WEB_ROOT="$ROOT"${shellQuote(WEB_ROOT)}
readonly HEALTH_FILE="$ROOT"${shellQuote(WEB_ROOT + healthFile)}
readonly SETTINGS_FILE="$ROOT"${shellQuote(INSTANCE_SETTINGS_FILE)}
readonly PLACEHOLDERS_FILE="$ROOT"${shellQuote(PLACEHOLDERS_FILE)}

# Diagnostics go to stderr, never stdout: the output of functions is captured
# (REGION=$(retry … imds …)), and a log line there would become part of the value.
log() { echo "[bootstrap] $(date -u +%Y-%m-%dT%H:%M:%SZ) $*" >&2; }
die() { log "FAILED: $*"; exit 1; }
on_exit() {
  local status=$?
  if (( status != 0 )); then log "FAILED: bootstrap stopped with exit status $status"; fi
}
trap on_exit EXIT

# retry ATTEMPTS COMMAND...: runs COMMAND until it succeeds, backing off 5 s, 10 s, 15 s...
# Only COMMAND's stdout reaches the caller.
retry() {
  local attempts=$1 n=1
  shift
  until "$@"; do
    if (( n >= attempts )); then
      log "giving up after $n attempts: $*"
      return 1
    fi
    log "attempt $n failed, retrying: $*"
    sleep $(( n * 5 ))
    n=$(( n + 1 ))
  done
}

# IMDSv2 (the launch template requires tokens). Each request is bounded, so a metadata service
# that never answers fails the boot after the retries instead of hanging it.
imds() {
  local token
  token=$(curl -fsS --connect-timeout 2 --max-time 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token) ||
    return 1
  curl -fsS --connect-timeout 2 --max-time 5 -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/$1"
}

REGION=$(retry 10 imds meta-data/placement/region) ||
  die "could not read the region from the instance metadata service (IMDSv2) after 10 attempts"
[[ "$REGION" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die "the instance metadata service answered '$REGION' for the region"
case "$REGION" in
  cn-*) DOMAIN=amazonaws.com.cn ;;
  *) DOMAIN=amazonaws.com ;;
esac
log "region $REGION"

# Settings the revision's hooks read (port, health path, SSM parameter path); no secrets.
install -d -m 0755 "$(dirname "$SETTINGS_FILE")"
cat > "$SETTINGS_FILE" <<SETTINGS
APP_NAME=${props.appName}
ENVIRONMENT=${props.environment}
APP_PORT=$APP_PORT
HEALTH_CHECK_PATH=${props.healthCheckPath}
PARAMETER_PATH=${props.parameterPath}
AWS_REGION=$REGION
SETTINGS
chmod 0644 "$SETTINGS_FILE"

log "installing httpd and ruby (the agent installer needs ruby)"
retry 5 dnf install -y --setopt=install_weak_deps=False httpd ruby

if [ "$APP_PORT" != 80 ]; then
  sed -i -E "s/^Listen 80$/Listen $APP_PORT/" "$ROOT"/etc/httpd/conf/httpd.conf
fi
# Until the first revision arrives, answer the health check so the ELB health check does not
# recycle the fleet. The revision's BeforeInstall removes the placeholders listed here, so only
# the revision's own files can answer its ValidateService.
placeholder() {
  [ -e "$1" ] && return 0
  echo "$2" > "$1"
  echo "\${1#"$ROOT"}" >> "$PLACEHOLDERS_FILE"
}
mkdir -p "$WEB_ROOT" "$(dirname "$HEALTH_FILE")"
placeholder "$HEALTH_FILE" "ok"
placeholder "$WEB_ROOT/index.html" "<h1>Awaiting the first deployment</h1>"
systemctl enable --now httpd

log "installing the CodeDeploy agent from the $REGION agent bucket"
installer=$(mktemp)
retry 5 curl -fsS --retry 3 -o "$installer" "https://aws-codedeploy-$REGION.s3.$REGION.$DOMAIN/latest/install"
chmod +x "$installer"
retry 3 "$installer" auto
rm -f "$installer"
systemctl enable --now codedeploy-agent
systemctl is-active --quiet codedeploy-agent
log "bootstrap complete"
`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
