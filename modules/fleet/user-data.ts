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
exec > >(tee -a ${BOOTSTRAP_LOG} | logger -t codedeploy-bootstrap -s 2>/dev/console) 2>&1

readonly APP_PORT=${props.appPort}
readonly WEB_ROOT=${shellQuote(WEB_ROOT)}
readonly HEALTH_FILE=${shellQuote(WEB_ROOT + healthFile)}

log() { echo "[bootstrap] $(date -u +%Y-%m-%dT%H:%M:%SZ) $*"; }

# retry ATTEMPTS COMMAND...: runs COMMAND until it succeeds, backing off 5 s, 10 s, 15 s...
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

imds() {
  local token
  token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)
  curl -fsS -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/$1"
}

REGION=$(retry 10 imds meta-data/placement/region)
case "$REGION" in
  cn-*) DOMAIN=amazonaws.com.cn ;;
  *) DOMAIN=amazonaws.com ;;
esac
log "region $REGION"

# Settings the revision's hooks read (port, health path, SSM parameter path); no secrets.
install -d -m 0755 "$(dirname ${INSTANCE_SETTINGS_FILE})"
cat > ${INSTANCE_SETTINGS_FILE} <<SETTINGS
APP_NAME=${props.appName}
ENVIRONMENT=${props.environment}
APP_PORT=$APP_PORT
HEALTH_CHECK_PATH=${props.healthCheckPath}
PARAMETER_PATH=${props.parameterPath}
AWS_REGION=$REGION
SETTINGS
chmod 0644 ${INSTANCE_SETTINGS_FILE}

log "installing httpd and ruby (the agent installer needs ruby)"
retry 5 dnf install -y --setopt=install_weak_deps=False httpd ruby

if [ "$APP_PORT" != 80 ]; then
  sed -i -E "s/^Listen 80$/Listen $APP_PORT/" /etc/httpd/conf/httpd.conf
fi
# Until the first revision arrives, answer the health check so the ELB health check does not
# recycle the fleet; the revision's files replace these.
mkdir -p "$WEB_ROOT" "$(dirname "$HEALTH_FILE")"
[ -e "$HEALTH_FILE" ] || echo "ok" > "$HEALTH_FILE"
[ -e "$WEB_ROOT/index.html" ] || echo "<h1>Awaiting the first deployment</h1>" > "$WEB_ROOT/index.html"
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
