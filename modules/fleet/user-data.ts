import { HEALTH_CHECK_PATH } from "../network/load-balancer";

/**
 * What the boot script installs (`bootstrap`):
 * - `full`: httpd (the sample revision's web server, which also answers the health check until
 *   the first revision arrives), Ruby and the CodeDeploy agent;
 * - `agent-only`: Ruby (when missing) and the CodeDeploy agent, for images that carry the
 *   application's runtime but not the agent;
 * - `none`: installs nothing: the image carries the agent; the boot checks that it is there,
 *   starts it and logs its version, and fails clearly when it is not.
 * Without httpd (`agent-only`, `none`) the app owns `appPort`: a placeholder (Python's
 * standard library, present wherever cloud-init runs) answers the health check until the first
 * deployment reaches the instance, then exits for good; see {@link PLACEHOLDER_SERVICE}.
 */
export const BOOTSTRAP_MODES = ["full", "agent-only", "none"] as const;
export type BootstrapMode = (typeof BOOTSTRAP_MODES)[number];

/**
 * Boot script of every fleet instance, seed or CodeDeploy copy. It installs what the
 * `bootstrap` mode asks for, the CodeDeploy agent from the instance's own region (read from
 * IMDSv2, so one script serves every region and partition), retries every network step, logs
 * to a file and the console, and never runs a full system update on the boot path.
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
  /** @default "full" */
  readonly bootstrap?: BootstrapMode;
  /**
   * Ship the instance's logs ({@link INSTANCE_LOG_FILES}) with the CloudWatch agent to the log
   * groups `<instanceLogGroupPrefix>/<group>` (see {@link instanceLogGroupName}), which the stack
   * creates with their retention. `full` and `agent-only` install the agent and rsyslog; `none`
   * checks the image's agent and fails the boot clearly without it.
   * @default no agent: the logs stay on the instance
   */
  readonly instanceLogGroupPrefix?: string;
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
/**
 * The placeholder server of the `agent-only` and `none` modes (a systemd unit). It exits for good
 * as soon as the CodeDeploy agent has begun a deployment here: the agent writes
 * {@link AGENT_ONGOING_DEPLOYMENTS}/<deployment id> before it runs each lifecycle event's command,
 * the first (ApplicationStop) included, and never removes the directory (aws-codedeploy-agent
 * command_poller.rb process_command, deployment_command_tracker.rb), so the revision's own
 * server finds `appPort` free by ApplicationStart, and the placeholder never returns after a
 * reboot. A revision may also stop it itself: `systemctl disable --now codedeploy-bluegreen-placeholder`.
 */
export const PLACEHOLDER_SERVICE = "codedeploy-bluegreen-placeholder";
export const PLACEHOLDER_SCRIPT = "/usr/local/libexec/codedeploy-bluegreen/placeholder.py";
/** The agent's `:root_dir` (conf/codedeployagent.yml) and its `ongoing_deployment_tracking` folder. */
export const AGENT_ONGOING_DEPLOYMENTS = "/opt/codedeploy-agent/deployment-root/ongoing-deployment";
/** The agent's executable, as its installer lays it down. */
export const AGENT_EXECUTABLE = "/opt/codedeploy-agent/bin/codedeploy-agent";

/** The log groups of an instance's logs, `<prefix>/<group>`. */
export const INSTANCE_LOG_GROUPS = ["system", "bootstrap", "codedeploy-agent", "deployments"] as const;
export type InstanceLogGroup = (typeof INSTANCE_LOG_GROUPS)[number];
export const instanceLogGroupName = (prefix: string, group: InstanceLogGroup) => `${prefix}/${group}`;

/**
 * What the CloudWatch agent ships, one entry of its `logs.logs_collected.files.collect_list` each
 * ("Manually create or edit the CloudWatch agent configuration file", Amazon CloudWatch User
 * Guide: `file_path`, `log_group_name`, `log_stream_name` with the `{instance_id}` variable):
 * - the system log: Amazon Linux 2023 keeps it in the systemd journal and installs no rsyslog, so
 *   there is no /var/log/messages by default (Amazon Linux 2023 User Guide,
 *   https://docs.aws.amazon.com/linux/al2023/ug/journald.html); the agent's documented log
 *   sources are files, so the bootstrap installs rsyslog, which writes the journal's messages to
 *   /var/log/messages;
 * - the bootstrap: this script's own log and cloud-init's output (the user data's early lines);
 * - the CodeDeploy agent's log, and the log of the deployment scripts (every hook's stdout and
 *   stderr, as the agent records them: aws-codedeploy-agent, "View CodeDeploy logs", CodeDeploy
 *   User Guide).
 * One stream per instance (`{instance_id}`), so a terminated blue instance's logs stay findable by
 * its ID; the bootstrap group holds two files, each with its own stream.
 */
export const INSTANCE_LOG_FILES: readonly { readonly path: string; readonly group: InstanceLogGroup; readonly stream: string }[] = [
  { path: "/var/log/messages", group: "system", stream: "{instance_id}" },
  { path: BOOTSTRAP_LOG, group: "bootstrap", stream: "{instance_id}/codedeploy-bootstrap" },
  { path: "/var/log/cloud-init-output.log", group: "bootstrap", stream: "{instance_id}/cloud-init-output" },
  { path: "/var/log/aws/codedeploy-agent/codedeploy-agent.log", group: "codedeploy-agent", stream: "{instance_id}" },
  { path: "/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log", group: "deployments", stream: "{instance_id}" },
];

/** Where the CloudWatch agent's package puts it (amazon-cloudwatch-agent RPM). */
export const CLOUDWATCH_AGENT_CTL = "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl";
/** The agent configuration the bootstrap writes and hands to `fetch-config`. */
export const CLOUDWATCH_AGENT_CONFIG = "/opt/aws/amazon-cloudwatch-agent/etc/codedeploy-bluegreen-logs.json";

/**
 * The CloudWatch agent's configuration: logs only (no `metrics` section, which "you can omit" when
 * the agent only collects logs), run as root (the files above are root's), and no
 * `retention_in_days`: the stack creates each group with its retention, and without that field
 * the agent never calls PutRetentionPolicy or DescribeLogGroups (aws/amazon-cloudwatch-agent,
 * plugins/outputs/cloudwatchlogs/internal/pusher/target.go: only a retention > 0 queues them), so
 * the instance role needs neither. No `timestamp_format` either: each event takes the time the
 * agent read it, so no `timezone` applies.
 */
export function cloudWatchAgentConfig(logGroupPrefix: string): object {
  return {
    agent: { run_as_user: "root" },
    logs: {
      logs_collected: {
        files: {
          collect_list: INSTANCE_LOG_FILES.map(({ path, group, stream }) => ({
            file_path: path,
            log_group_name: instanceLogGroupName(logGroupPrefix, group),
            log_stream_name: stream,
          })),
        },
      },
    },
  };
}

export function renderUserData(props: UserDataProps): string {
  if (!Number.isInteger(props.appPort) || props.appPort < 1 || props.appPort > 65535) {
    throw new Error(`renderUserData: appPort must be a whole number from 1 to 65535, got ${props.appPort}`);
  }
  if (!HEALTH_CHECK_PATH.test(props.healthCheckPath)) {
    throw new Error(`renderUserData: healthCheckPath must be an absolute URL path, got "${props.healthCheckPath}"`);
  }
  const logPrefix = props.instanceLogGroupPrefix;
  for (const [key, value] of Object.entries({ appName: props.appName, environment: props.environment, parameterPath: props.parameterPath, ...(logPrefix === undefined ? {} : { instanceLogGroupPrefix: logPrefix }) })) {
    if (!/^[A-Za-z0-9/_.-]+$/.test(value)) throw new Error(`renderUserData: ${key} must use letters, digits, "/", "_", "." or "-", got "${value}"`);
  }
  const mode = props.bootstrap ?? "full";
  if (!BOOTSTRAP_MODES.includes(mode)) throw new Error(`renderUserData: bootstrap must be one of ${BOOTSTRAP_MODES.join(", ")}, got "${mode}"`);
  const healthFile = props.healthCheckPath.endsWith("/") ? `${props.healthCheckPath}index.html` : props.healthCheckPath;
  return `#!/bin/bash
# Bootstrap of a blue/green fleet instance: ${mode === "full" ? "web server + CodeDeploy agent" : mode === "agent-only" ? "CodeDeploy agent (the image carries the application's runtime)" : "nothing to install (the image carries the CodeDeploy agent)"}.
set -euo pipefail
# Every path below is under ROOT: empty on an instance (cloud-init sets no DEPLOY_ROOT); the
# sandbox test of this script points DEPLOY_ROOT at a throwaway root.
readonly ROOT="\${DEPLOY_ROOT:-}"
exec > >(tee -a "$ROOT"${BOOTSTRAP_LOG} | logger -t codedeploy-bootstrap -s 2>"$ROOT"/dev/console) 2>&1

readonly APP_PORT=${props.appPort}
${mode === "full" ? `readonly WEB_ROOT="$ROOT"${shellQuote(WEB_ROOT)}
readonly HEALTH_FILE="$ROOT"${shellQuote(WEB_ROOT + healthFile)}
` : ""}readonly SETTINGS_FILE="$ROOT"${shellQuote(INSTANCE_SETTINGS_FILE)}
${mode === "full" ? `readonly PLACEHOLDERS_FILE="$ROOT"${shellQuote(PLACEHOLDERS_FILE)}` : `readonly AGENT="$ROOT"${shellQuote(AGENT_EXECUTABLE)}`}

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
${mode === "none" ? "" : `case "$REGION" in
  cn-*) DOMAIN=amazonaws.com.cn ;;
  *) DOMAIN=amazonaws.com ;;
esac
`}log "region $REGION"

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

${logPrefix === undefined ? "" : shipLogs(mode, logPrefix)}${mode === "full" ? fullInstall() : mode === "agent-only" ? agentOnlyInstall(props) : verifyBakedAgent(props)}log "bootstrap complete"
`;
}

/**
 * The CloudWatch agent, started before anything else is installed: this script's log already
 * exists (the exec above), so a boot that fails later has its log shipped before the Auto Scaling
 * group replaces the instance. `full`/`agent-only` install the agent (the `amazon-cloudwatch-agent`
 * package of the Amazon Linux 2023 repositories, amazonlinux/amazon-linux-2023 issues #132, #335)
 * and rsyslog; `none` checks the image's agent. `fetch-config -m ec2 -s -c file:<path>` reads the
 * configuration and (re)starts the agent (its `amazon-cloudwatch-agent-ctl` usage: "-s: optionally
 * restart after configuring"), which enables its own systemd unit.
 */
function shipLogs(mode: BootstrapMode, logGroupPrefix: string): string {
  const install =
    mode === "none"
      ? `log "bootstrap none: checking the image's CloudWatch agent"
[ -x "$CWAGENT_CTL" ] || die "bootstrap none: the image has no CloudWatch agent (${CLOUDWATCH_AGENT_CTL} is missing) and instanceLogs is enabled; bake the agent into the image, use bootstrap agent-only, or disable instanceLogs"
log "bootstrap none: the image's CloudWatch agent is present (${CLOUDWATCH_AGENT_CTL})"
if [ ! -e "$ROOT"/var/log/messages ]; then
  log "WARNING: bootstrap none: the image has no /var/log/messages (no rsyslog): the system log group stays empty until the image writes it"
fi
`
      : `log "installing the CloudWatch agent and rsyslog (the system log as a file: /var/log/messages)"
retry 5 dnf install -y --setopt=install_weak_deps=False amazon-cloudwatch-agent rsyslog
systemctl enable --now rsyslog
`;
  return `readonly CWAGENT_CTL="$ROOT"${shellQuote(CLOUDWATCH_AGENT_CTL)}
readonly CWAGENT_CONFIG="$ROOT"${shellQuote(CLOUDWATCH_AGENT_CONFIG)}
${install}install -d -m 0755 "$(dirname "$CWAGENT_CONFIG")"
cat > "$CWAGENT_CONFIG" <<'CWAGENT_CONFIG'
${JSON.stringify(cloudWatchAgentConfig(logGroupPrefix), null, 2)}
CWAGENT_CONFIG
"$CWAGENT_CTL" -a fetch-config -m ec2 -s -c "file:$CWAGENT_CONFIG" >&2 || die "the CloudWatch agent did not accept its configuration ($CWAGENT_CONFIG)"
log "CloudWatch agent shipping ${INSTANCE_LOG_FILES.map((file) => file.path).join(", ")} to ${logGroupPrefix}/*"

`;
}

/** The \`full\` mode: httpd with its placeholder pages (the sample revision serves from httpd too), Ruby, the agent. */
function fullInstall(): string {
  return `log "installing httpd and ruby (the agent installer needs ruby)"
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

${installAgent()}`;
}

/** The agent from the region's bucket (its installer needs Ruby), enabled and running. */
function installAgent(): string {
  return `log "installing the CodeDeploy agent from the $REGION agent bucket"
installer=$(mktemp)
retry 5 curl -fsS --retry 3 -o "$installer" "https://aws-codedeploy-$REGION.s3.$REGION.$DOMAIN/latest/install"
chmod +x "$installer"
retry 3 "$installer" auto
rm -f "$installer"
systemctl enable --now codedeploy-agent
systemctl is-active --quiet codedeploy-agent
`;
}

/** The \`agent-only\` mode: Ruby unless the image has it, the agent, the placeholder. */
function agentOnlyInstall(props: UserDataProps): string {
  return `if command -v ruby >/dev/null 2>&1; then
  log "ruby present on the image ($(ruby --version))"
else
  log "installing ruby (the agent installer needs it)"
  retry 5 dnf install -y --setopt=install_weak_deps=False ruby
fi

${installAgent()}${agentVersion()}
${placeholderServer(props)}`;
}

/** The \`none\` mode: the image's agent, checked, started and reported; the placeholder. */
function verifyBakedAgent(props: UserDataProps): string {
  return `log "bootstrap none: nothing to install; checking the image's CodeDeploy agent"
[ -x "$AGENT" ] || die "bootstrap none: the image has no CodeDeploy agent (${AGENT_EXECUTABLE} is missing); bake the agent into the image or use bootstrap agent-only"
systemctl enable --now codedeploy-agent || die "bootstrap none: the image's CodeDeploy agent service (codedeploy-agent) could not be started"
systemctl is-active --quiet codedeploy-agent || die "bootstrap none: the image's CodeDeploy agent service (codedeploy-agent) is not running"
${agentVersion()}
${placeholderServer(props)}`;
}

/** Logs the running agent's version (the installer writes it to .version beside bin/). */
function agentVersion(): string {
  return `version_file="$(dirname "$(dirname "$AGENT")")/.version"
log "CodeDeploy agent running: $(cat "$version_file" 2>/dev/null || echo "version unknown: no $version_file")"
`;
}

/**
 * The placeholder of the modes without httpd: a unit running a standard-library HTTP server on
 * the app port that answers the health path with 200 until the agent begins a deployment here
 * (see PLACEHOLDER_SERVICE), then exits 0 (Restart=on-failure leaves it down).
 */
function placeholderServer(props: UserDataProps): string {
  const unit = `/etc/systemd/system/${PLACEHOLDER_SERVICE}.service`;
  return `# The app owns APP_PORT: until the first deployment reaches this instance a placeholder answers
# the health check (so the ELB health check does not recycle the seed fleet), then it steps aside.
if [ -e "$ROOT"${shellQuote(AGENT_ONGOING_DEPLOYMENTS)} ]; then
  log "a deployment has reached this instance before: no placeholder on port $APP_PORT"
elif ! command -v python3 >/dev/null 2>&1; then
  log "WARNING: no python3 on the image: no placeholder answers ${props.healthCheckPath} on port $APP_PORT until the first deployment"
else
  install -d -m 0755 "$ROOT"${shellQuote(PLACEHOLDER_SCRIPT.replace(/\/[^/]+$/, ""))}
  cat > "$ROOT"${shellQuote(PLACEHOLDER_SCRIPT)} <<'PLACEHOLDER'
${PLACEHOLDER_PY}PLACEHOLDER
  cat > "$ROOT"${shellQuote(unit)} <<UNIT
[Unit]
Description=Placeholder on the app port until the first CodeDeploy deployment (codedeploy-bluegreen)
After=network.target

[Service]
Environment=APP_PORT=$APP_PORT HEALTH_CHECK_PATH=${props.healthCheckPath} BIND_ADDRESS=0.0.0.0 DEPLOYMENTS_DIR=$ROOT${AGENT_ONGOING_DEPLOYMENTS}
ExecStart=$(command -v python3) $ROOT${PLACEHOLDER_SCRIPT}
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  systemctl enable --now ${PLACEHOLDER_SERVICE}
  log "placeholder ${PLACEHOLDER_SERVICE} answers ${props.healthCheckPath} on port $APP_PORT until the first deployment"
fi
`;
}

/** The placeholder server (Python 3.9, Amazon Linux 2023's, and later; standard library only). */
const PLACEHOLDER_PY = `import http.server
import os
import sys

PORT = int(os.environ["APP_PORT"])
HEALTH = os.environ["HEALTH_CHECK_PATH"]
DEPLOYMENTS = os.environ["DEPLOYMENTS_DIR"]
PAGES = {HEALTH: b"ok\\n", "/": b"<h1>Awaiting the first deployment</h1>\\n"}
if HEALTH.endswith("/"):
    PAGES[HEALTH + "index.html"] = PAGES[HEALTH]


def deployment_began():
    return os.path.exists(DEPLOYMENTS)


class Placeholder(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = PAGES.get(self.path.split("?", 1)[0])
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html" if body and body.startswith(b"<") else "text/plain")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body or b"not found\\n")

    def log_message(self, format, *args):
        pass


class Server(http.server.HTTPServer):
    allow_reuse_address = True

    def service_actions(self):
        if deployment_began():
            print("a CodeDeploy deployment began: stepping aside for the revision's server", file=sys.stderr)
            raise SystemExit(0)


if deployment_began():
    sys.exit(0)
server = Server((os.environ.get("BIND_ADDRESS", "0.0.0.0"), PORT), Placeholder)
try:
    server.serve_forever(poll_interval=0.1)
finally:
    server.server_close()
`;

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
