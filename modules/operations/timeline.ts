import YAML from "yaml";
import type { EnvironmentConfig } from "../config";
import { renderUserData } from "../fleet/user-data";
import { HEALTH_CHECK } from "../network/load-balancer";
import type { DeploymentConfigSetting } from "../server/deployment";

/**
 * How long an environment's blue/green deployment takes, computed from its settings: the
 * configuration (capacity, deployment config, deregistration delay, termination wait, grace
 * period), the target group's health check (HEALTH_CHECK), the hook timeouts of the revision's
 * appspec.yml and the retry budget of the instances' boot script. Figures are seconds for the
 * whole deployment: per-batch phases are multiplied by the number of batches.
 *
 * `fastest` is every step at its quickest; `bound` every step at its timeout (or, where no
 * timeout exists, at the top of its range). What AWS controls without a documented duration is
 * an estimate and says so in its source.
 */

export type Controller = "configuration" | "appspec.yml" | "user data" | "AWS" | "AWS (estimate)";

export interface Phase {
  readonly id: string;
  readonly name: string;
  readonly fastest: number;
  readonly bound: number;
  /** Runs once per batch (and is multiplied by the batch count in fastest/bound). */
  readonly perBatch: boolean;
  readonly controlledBy: Controller;
  readonly source: string;
}

export interface Timeline {
  readonly stack: string;
  readonly instances: number;
  readonly deploymentConfig: string;
  readonly batchSize: number;
  readonly batches: number;
  readonly phases: Phase[];
  /** From the start of the deployment until every instance of the original fleet is out of the target group. */
  readonly toTrafficSwitched: Range;
  /** terminationWaitMinutes: the original fleet keeps running; a stop or an alarm moves traffic back to it. */
  readonly rollbackWindow: number;
  /** How long moving traffic back takes inside the window: the original fleet re-registers and drains the replacement. */
  readonly rollbackDuration: Range;
  /** Until CodeDeploy starts terminating the original fleet. */
  readonly complete: Range;
  readonly healthCheckGracePeriod: number;
}

export interface Range {
  readonly fastest: number;
  readonly bound: number;
}

/** Where each AWS-side figure comes from. */
export const SOURCES = {
  batches:
    "CodeDeploy User Guide, \"Working with deployment configurations\": a blue/green deployment installs on the replacement instances and reroutes traffic in batches of the deployment config; AWS::CodeDeploy::DeploymentConfig MinimumHealthyHosts: 9 instances with FLEET_PERCENT 40 deploy to up to 5 at a time",
  rerouteAfterReady:
    "CodeDeploy API Reference, ContinueDeployment: traffic rerouting can start as soon as all instances have a status of Ready",
  healthCheck:
    "ALB User Guide, \"Health checks for your target groups\": after a target is registered it must pass one health check to be considered healthy; a check every HealthCheckIntervalSeconds, answered within HealthCheckTimeoutSeconds",
  deregistration:
    "ALB User Guide, target group attributes, \"Deregistration delay\": ELB waits up to the delay for in-flight requests and completes at once when a target has none",
  readyWait:
    "CodeDeploy API Reference, DeploymentReadyOption: with STOP_DEPLOYMENT and waitTimeInMinutes the deployment waits for ContinueDeployment and stops when the wait runs out without one",
  terminationWait:
    "CodeDeploy API Reference, BlueInstanceTerminationOption: terminationWaitTimeInMinutes, the minutes after a successful blue/green deployment before the original instances are terminated (at most 2880)",
  hookTimeout: "appspec.yml `timeout` of each hook's scripts: the agent fails the event when a script runs longer (AppSpec 'hooks' section)",
  provision:
    "not documented by AWS: EC2 launch of CodeDeploy's copy of the Auto Scaling group, estimated at 1-5 min; read real figures from `npm run status` (each event's start and end)",
  agentSteps: "CodeDeploy agent's DownloadBundle and Install (no appspec timeout): estimated at 2-60 s for a small bundle",
  freshInstance: "a fresh replacement instance has no installed revision, so there is no ApplicationStop script to run (AppSpec 'hooks' section)",
} as const;

/** dnf install httpd ruby, the agent installer and its start: estimated work of the boot script without retries. */
const BOOTSTRAP_WORK = { fastest: 60, bound: 240 };
const PROVISION = { fastest: 60, bound: 300 };
const AGENT_STEPS = { fastest: 2, bound: 60 };

/** Lifecycle events of an EC2 blue/green deployment, in order (CodeDeploy User Guide, "Lifecycle event hook availability"). */
const INSTALL_HOOKS = ["ApplicationStop", "BeforeInstall", "AfterInstall", "ApplicationStart", "ValidateService"] as const;
const TRAFFIC_HOOKS = ["BeforeAllowTraffic", "AfterAllowTraffic", "BeforeBlockTraffic", "AfterBlockTraffic"] as const;

export interface TimelineInputs {
  readonly stack: string;
  readonly desiredCapacity: number;
  readonly deploymentConfig: DeploymentConfigSetting;
  readonly terminationWaitMinutes: number;
  /** Minutes a deployment waits for a manual traffic switch (STOP_DEPLOYMENT); 0 reroutes at once. */
  readonly trafficSwitchWaitMinutes: number;
  readonly deregistrationDelaySeconds: number;
  readonly healthCheckGracePeriodSeconds: number;
  readonly healthCheck: { readonly intervalSeconds: number; readonly timeoutSeconds: number };
  /** Seconds of script timeouts per hook, summed over the hook's scripts. */
  readonly hookTimeouts: Partial<Record<string, number>>;
  /** Seconds the boot script can sleep between retries before it gives up. */
  readonly bootstrapRetrySleep: number;
}

/** Reads an environment's inputs: its configuration, the target group's health check, the appspec, the boot script. */
export function timelineInputs(env: EnvironmentConfig, appspecYaml: string): TimelineInputs {
  const userData = renderUserData({
    appPort: env.appPort,
    healthCheckPath: env.healthCheckPath,
    appName: env.names.appName,
    environment: env.name,
    parameterPath: env.names.parameterPath,
  });
  return {
    stack: env.names.stem,
    desiredCapacity: env.desiredCapacity,
    deploymentConfig: env.deploymentConfig,
    terminationWaitMinutes: env.terminationWaitMinutes,
    trafficSwitchWaitMinutes: env.trafficSwitchWaitMinutes,
    deregistrationDelaySeconds: env.deregistrationDelaySeconds,
    healthCheckGracePeriodSeconds: env.healthCheckGracePeriodSeconds,
    healthCheck: HEALTH_CHECK,
    hookTimeouts: hookTimeouts(appspecYaml),
    bootstrapRetrySleep: retrySleepBudget(userData),
  };
}

/** `hooks: { Name: [{ timeout }] }` → seconds per hook; a script without timeout gets the agent's default, 3600 s. */
export function hookTimeouts(appspecYaml: string): Record<string, number> {
  const appspec = YAML.parse(appspecYaml) as { hooks?: Record<string, { timeout?: number }[]> };
  return Object.fromEntries(
    Object.entries(appspec.hooks ?? {}).map(([hook, scripts]) => [hook, scripts.reduce((sum, script) => sum + (script.timeout ?? 3600), 0)]),
  );
}

/**
 * The boot script's `retry N cmd` sleeps 5 s, 10 s, … between its N attempts (see retry() in
 * user-data.ts): the most it can wait in total before the agent runs.
 */
export function retrySleepBudget(userData: string): number {
  const step = Number(/sleep \$\(\( n \* (\d+) \)\)/.exec(userData)?.[1]);
  if (!step) throw new Error("user data: retry() no longer backs off by `sleep $(( n * S ))`; update retrySleepBudget");
  let total = 0;
  for (const [, attempts] of userData.matchAll(/^\s*(?:[A-Z_]+=\$\()?retry (\d+) /gm)) {
    const n = Number(attempts);
    total += (step * (n - 1) * n) / 2;
  }
  return total;
}

/** Instances per batch: AllAtOnce all, HalfAtATime half rounded down, OneAtATime one, a custom percentage or count what the healthy minimum leaves. */
export function batchSize(instances: number, config: DeploymentConfigSetting): number {
  if (config === "CodeDeployDefault.AllAtOnce") return instances;
  if (config === "CodeDeployDefault.OneAtATime") return 1;
  if (typeof config !== "string" && "minimumHealthyHostsCount" in config) return Math.max(1, instances - config.minimumHealthyHostsCount);
  const healthyPercent = config === "CodeDeployDefault.HalfAtATime" ? 50 : config.minimumHealthyHostsPercent;
  return Math.max(1, instances - Math.ceil((instances * healthyPercent) / 100));
}

function describeConfig(config: DeploymentConfigSetting): string {
  if (typeof config === "string") return config;
  return "minimumHealthyHostsCount" in config
    ? `minimum ${config.minimumHealthyHostsCount} healthy hosts`
    : `minimum ${config.minimumHealthyHostsPercent}% healthy`;
}

export function computeTimeline(inputs: TimelineInputs): Timeline {
  const size = batchSize(inputs.desiredCapacity, inputs.deploymentConfig);
  const batches = Math.ceil(inputs.desiredCapacity / size);
  const phases: Phase[] = [];
  const add = (phase: Omit<Phase, "fastest" | "bound"> & Range) =>
    phases.push({ ...phase, fastest: phase.fastest * (phase.perBatch ? batches : 1), bound: phase.bound * (phase.perBatch ? batches : 1) });

  add({ id: "provision", name: "provision the replacement fleet", ...PROVISION, perBatch: false, controlledBy: "AWS (estimate)", source: SOURCES.provision });
  add({
    id: "bootstrap",
    name: "bootstrap (user data)",
    fastest: BOOTSTRAP_WORK.fastest,
    bound: BOOTSTRAP_WORK.bound + inputs.bootstrapRetrySleep,
    perBatch: false,
    controlledBy: "user data",
    source: `estimated ${BOOTSTRAP_WORK.fastest}-${BOOTSTRAP_WORK.bound} s of installs, plus up to ${inputs.bootstrapRetrySleep} s of retry back-off (modules/fleet/user-data.ts)`,
  });
  for (const hook of INSTALL_HOOKS) {
    if (hook === "ApplicationStop") {
      add({ id: hook, name: hook, fastest: 0, bound: 0, perBatch: true, controlledBy: "appspec.yml", source: SOURCES.freshInstance });
      add({ id: "agent", name: "DownloadBundle + Install", ...AGENT_STEPS, perBatch: true, controlledBy: "AWS (estimate)", source: SOURCES.agentSteps });
      continue;
    }
    const timeout = inputs.hookTimeouts[hook] ?? 0;
    add({
      id: hook,
      name: hook,
      fastest: 0,
      bound: timeout,
      perBatch: true,
      controlledBy: "appspec.yml",
      source: timeout ? `${SOURCES.hookTimeout}: ${timeout} s` : "no script for this hook in appspec.yml",
    });
  }
  if (inputs.trafficSwitchWaitMinutes > 0) {
    // STOP_DEPLOYMENT: the green fleet waits, ready, until `npm run continue`; unanswered, the
    // deployment stops when the wait runs out.
    add({
      id: "ready-wait",
      name: "wait for the manual traffic switch (npm run continue)",
      fastest: 0,
      bound: inputs.trafficSwitchWaitMinutes * 60,
      perBatch: false,
      controlledBy: "configuration",
      source: `${SOURCES.readyWait}: trafficSwitchWaitMinutes ${inputs.trafficSwitchWaitMinutes}`,
    });
  }
  const trafficHooks = TRAFFIC_HOOKS.reduce((sum, hook) => sum + (inputs.hookTimeouts[hook] ?? 0), 0);
  add({
    id: "reroute",
    name: "reroute hooks (Before/After Allow/BlockTraffic)",
    fastest: 0,
    bound: trafficHooks,
    perBatch: true,
    controlledBy: "appspec.yml",
    source: trafficHooks ? `${SOURCES.hookTimeout}: ${trafficHooks} s` : "appspec.yml has no traffic hooks; AllowTraffic/BlockTraffic are the two rows around this one",
  });
  const { intervalSeconds, timeoutSeconds } = inputs.healthCheck;
  add({
    id: "health",
    name: "AllowTraffic: health checks to healthy",
    fastest: 0,
    bound: intervalSeconds + timeoutSeconds,
    perBatch: true,
    controlledBy: "AWS",
    source: `${SOURCES.healthCheck}: ${intervalSeconds} s + ${timeoutSeconds} s (modules/network/load-balancer.ts)`,
  });
  add({
    id: "deregistration",
    name: "BlockTraffic: deregistration delay",
    fastest: 0,
    bound: inputs.deregistrationDelaySeconds,
    perBatch: true,
    controlledBy: "configuration",
    source: `${SOURCES.deregistration}: deregistrationDelaySeconds ${inputs.deregistrationDelaySeconds}`,
  });
  const toTrafficSwitched = sum(phases);
  const rollbackWindow = inputs.terminationWaitMinutes * 60;
  add({
    id: "termination-wait",
    name: "blue termination wait (rollback window)",
    fastest: rollbackWindow,
    bound: rollbackWindow,
    perBatch: false,
    controlledBy: "configuration",
    source: `${SOURCES.terminationWait}: terminationWaitMinutes ${inputs.terminationWaitMinutes}`,
  });
  return {
    stack: inputs.stack,
    instances: inputs.desiredCapacity,
    deploymentConfig: describeConfig(inputs.deploymentConfig),
    batchSize: size,
    batches,
    phases,
    toTrafficSwitched,
    rollbackWindow,
    rollbackDuration: { fastest: 0, bound: intervalSeconds + timeoutSeconds + inputs.deregistrationDelaySeconds },
    complete: sum(phases),
    healthCheckGracePeriod: inputs.healthCheckGracePeriodSeconds,
  };
}

function sum(phases: Phase[]): Range {
  return phases.reduce((total, phase) => ({ fastest: total.fastest + phase.fastest, bound: total.bound + phase.bound }), { fastest: 0, bound: 0 });
}

/** `1h02m05s`, `12m00s`, `45s`. */
export function formatSeconds(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m${String(s).padStart(2, "0")}s`;
  if (m > 0) return `${m}m${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

/** What `npm run timeline -- <stack>` prints. */
export function formatTimeline(t: Timeline): string {
  const rows = t.phases.map((p) => [
    p.name + (p.perBatch && t.batches > 1 ? ` (×${t.batches})` : ""),
    formatSeconds(p.fastest),
    formatSeconds(p.bound),
    p.controlledBy,
  ]);
  const header = ["phase", "fastest", "timeout-bound", "set by"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd();
  return [
    `${t.stack}: ${t.instances} instance${t.instances === 1 ? "" : "s"}, ${t.deploymentConfig}: ${t.batches} batch${t.batches === 1 ? "" : "es"} of ${t.batchSize}`,
    "",
    line(header),
    ...rows.map(line),
    "",
    `traffic on the replacement fleet after  ${formatSeconds(t.toTrafficSwitched.fastest)} fastest, ${formatSeconds(t.toTrafficSwitched.bound)} timeout-bound`,
    `rollback window                          ${formatSeconds(t.rollbackWindow)} (terminationWaitMinutes): a stop or an alarm moves traffic back to the running original fleet in ${formatSeconds(t.rollbackDuration.fastest)}-${formatSeconds(t.rollbackDuration.bound)}`,
    `original fleet terminated after          ${formatSeconds(t.complete.fastest)} fastest, ${formatSeconds(t.complete.bound)} timeout-bound`,
    `Auto Scaling ignores failing ELB health checks for ${formatSeconds(t.healthCheckGracePeriod)} after an instance enters InService (healthCheckGracePeriodSeconds); not on this path: CodeDeploy holds new instances in Pending:Wait until their deployment ends`,
    "",
    "sources:",
    ...t.phases.map((p) => `  ${p.name}: ${p.source}`),
    `  batches: ${SOURCES.batches}; ${SOURCES.rerouteAfterReady}`,
  ].join("\n");
}
