import { AutoScalingGroup, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeAlarmsCommand, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { DeploymentInfo, InstanceTarget, LifecycleEvent } from "@aws-sdk/client-codedeploy";
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  TargetHealthDescription,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { ResourceNames } from "../shared/naming";
import type { AwsClients } from "./clients";
import { describeRevision, Deployments } from "./deployments";
import { explainAwsError, formatAwsFailure } from "./errors";
import { EXIT, ExitCode } from "./exit-codes";

/** One section that could not be read: AWS's error as it gave it, so the rest still shows. */
type Section<T> = { value: T } | { error: string };

export interface StatusReport {
  readonly deployment: DeploymentInfo;
  readonly instances: InstanceTarget[];
  readonly targetHealth: Section<TargetHealthDescription[]>;
  readonly fleets: Section<AutoScalingGroup[]>;
  readonly alarms: Section<MetricAlarm[]>;
}

/**
 * Everything `status` shows about a deployment: CodeDeploy's record and per-instance lifecycle
 * events (with the diagnostics and script log tail of failed events), which instances the
 * production target group holds and how healthy (ELBv2), the Auto Scaling groups involved, and
 * the state of the alarms that roll deployments back (CloudWatch).
 */
export async function collectStatus(
  clients: AwsClients,
  names: ResourceNames,
  deployments: Deployments,
  deployment: DeploymentInfo,
): Promise<StatusReport> {
  const context = { region: clients.region, stack: names.stem };
  const section = async <T>(read: () => Promise<T>): Promise<Section<T>> => {
    try {
      return { value: await read() };
    } catch (error) {
      return { error: formatAwsFailure(explainAwsError(error, context)) };
    }
  };
  const instances = await deployments.instances(deployment.deploymentId!);
  const [targetHealth, fleets, alarms] = await Promise.all([
    section(async () => {
      const { TargetGroups } = await clients.elbv2.send(new DescribeTargetGroupsCommand({ Names: [names.targetGroup] }));
      const arn = TargetGroups?.[0]?.TargetGroupArn;
      if (!arn) return [];
      return (await clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions ?? [];
    }),
    section(async () => {
      const groups = deployment.targetInstances?.autoScalingGroups ?? [];
      const original = [names.seedAutoScalingGroup];
      const wanted = [...new Set([...groups, ...original])];
      const { AutoScalingGroups } = await clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: wanted }));
      return AutoScalingGroups ?? [];
    }),
    section(async () => {
      const alarmNames = await deployments.alarmNames();
      if (alarmNames.length === 0) return [];
      return (await clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: alarmNames }))).MetricAlarms ?? [];
    }),
  ]);
  return { deployment, instances, targetHealth, fleets, alarms };
}

/** The exit code a deployment's status stands for (see EXIT). */
export function exitCodeFor(deployment: DeploymentInfo): ExitCode {
  switch (deployment.status) {
    case "Succeeded":
      return EXIT.OK;
    case "Failed":
    case "Stopped":
      return EXIT.DEPLOYMENT_FAILED;
    case "Ready":
      return EXIT.WAITING_FOR_TRAFFIC_SWITCH;
    default:
      return EXIT.IN_PROGRESS;
  }
}

/** Where the traffic is, read from the instances' traffic lifecycle events. */
export function describeTraffic(deployment: DeploymentInfo, instances: InstanceTarget[], stack: string): string {
  const green = instances.filter((i) => i.instanceLabel === "Green");
  const blue = instances.filter((i) => i.instanceLabel === "Blue");
  const done = (list: InstanceTarget[], event: string) => list.filter((i) => eventOf(i, event)?.status === "Succeeded").length;
  const allowed = done(green, "AllowTraffic");
  const blocked = done(blue, "BlockTraffic");
  if (deployment.status === "Ready") {
    return `waiting for the traffic switch: the replacement fleet is installed, traffic still on the original fleet (npm run continue -- ${stack})`;
  }
  const rolledBack = deployment.status === "Stopped" || deployment.status === "Failed";
  if (green.length === 0 && blue.length === 0) return "no instances reported yet";
  const where =
    allowed === 0
      ? rolledBack
        ? "never moved: the original fleet kept serving"
        : "on the original fleet"
      : blocked === blue.length && blue.length > 0
        ? "on the replacement fleet"
        : "moving to the replacement fleet";
  const wait = deployment.instanceTerminationWaitTimeStarted ? "; original fleet kept until the termination wait ends" : "";
  return `${where} (replacement allowed ${allowed}/${green.length}, original blocked ${blocked}/${blue.length})${wait}`;
}

function eventOf(instance: InstanceTarget, name: string): LifecycleEvent | undefined {
  return instance.lifecycleEvents?.find((event) => event.lifecycleEventName === name);
}

export function formatStatus(report: StatusReport, stack: string): string {
  const d = report.deployment;
  const lines: string[] = [];
  lines.push(`${d.deploymentId} ${stack}: ${d.status}${d.creator ? ` (created by ${d.creator})` : ""}`);
  lines.push(`  revision   ${describeRevision(d.revision)}`);
  if (d.description) lines.push(`  about      ${d.description}`);
  lines.push(`  config     ${d.deploymentConfigName ?? "?"}`);
  lines.push(`  time       ${timeSpan(d)}`);
  lines.push(`  traffic    ${describeTraffic(d, report.instances, stack)}`);
  const overview = d.deploymentOverview;
  if (overview) {
    const counts = Object.entries(overview).filter(([, n]) => n).map(([state, n]) => `${n} ${state}`);
    lines.push(`  instances  ${counts.join(", ") || "none yet"}`);
  }
  if (d.errorInformation?.code || d.errorInformation?.message) {
    lines.push(`  error      ${d.errorInformation.code ?? ""}: ${d.errorInformation.message ?? ""}`);
  }
  if (d.rollbackInfo?.rollbackDeploymentId) lines.push(`  rollback   rolled back by ${d.rollbackInfo.rollbackDeploymentId}`);
  if (d.rollbackInfo?.rollbackTriggeringDeploymentId) lines.push(`  rollback   rolls back ${d.rollbackInfo.rollbackTriggeringDeploymentId}`);
  if (d.rollbackInfo?.rollbackMessage) lines.push(`             ${d.rollbackInfo.rollbackMessage}`);
  for (const message of d.deploymentStatusMessages ?? []) lines.push(`  message    ${message}`);

  for (const label of ["Green", "Blue"]) {
    const group = report.instances.filter((i) => (i.instanceLabel ?? "Green") === label);
    if (group.length === 0) continue;
    lines.push("", `${label === "Green" ? "replacement (green)" : "original (blue)"} instances:`);
    for (const instance of group) lines.push(...formatInstance(instance));
  }

  lines.push("", `target group ${"value" in report.targetHealth ? "" : "(unavailable)"}`.trimEnd() + ":");
  if ("error" in report.targetHealth) lines.push(indent(report.targetHealth.error, 4));
  else if (report.targetHealth.value.length === 0) lines.push("    no registered targets");
  else {
    const labels = new Map(report.instances.map((i) => [i.targetId, i.instanceLabel]));
    for (const t of report.targetHealth.value) {
      const id = t.Target?.Id ?? "?";
      const reason = t.TargetHealth?.Reason ? ` ${t.TargetHealth.Reason}` : "";
      const label = labels.get(id) ? ` (${labels.get(id)})` : "";
      lines.push(`    ${id} ${t.TargetHealth?.State ?? "?"}${reason}${label}`);
    }
  }

  lines.push("", "fleets:");
  if ("error" in report.fleets) lines.push(indent(report.fleets.error, 4));
  else if (report.fleets.value.length === 0) lines.push("    none found");
  else {
    for (const g of report.fleets.value) {
      const inService = (g.Instances ?? []).filter((i) => i.LifecycleState === "InService").length;
      lines.push(`    ${g.AutoScalingGroupName} desired ${g.DesiredCapacity}, ${inService} InService of ${(g.Instances ?? []).length}`);
    }
  }

  lines.push("", "alarms that roll back:");
  if ("error" in report.alarms) lines.push(indent(report.alarms.error, 4));
  else if (report.alarms.value.length === 0) lines.push("    none");
  else for (const a of report.alarms.value) lines.push(`    ${a.AlarmName} ${a.StateValue}`);
  return lines.join("\n");
}

function formatInstance(instance: InstanceTarget): string[] {
  const lines = [`  ${instance.targetId} ${instance.status}`];
  for (const event of instance.lifecycleEvents ?? []) {
    const took = event.startTime && event.endTime ? ` ${Math.round((event.endTime.getTime() - event.startTime.getTime()) / 1000)}s` : "";
    lines.push(`    ${(event.lifecycleEventName ?? "?").padEnd(20)} ${event.status ?? "?"}${took}`);
    const diagnostics = event.diagnostics;
    if (event.status === "Failed" && diagnostics) {
      lines.push(`      ${diagnostics.errorCode ?? "error"}${diagnostics.scriptName ? ` in ${diagnostics.scriptName}` : ""}: ${diagnostics.message ?? ""}`);
      if (diagnostics.logTail) lines.push("      log tail (from CodeDeploy):", indent(diagnostics.logTail.trimEnd(), 8));
    }
  }
  return lines;
}

function timeSpan(d: DeploymentInfo): string {
  const start = d.startTime ?? d.createTime;
  const parts = [`created ${iso(d.createTime)}`];
  if (d.completeTime && start) parts.push(`ended ${iso(d.completeTime)} (${duration(d.completeTime.getTime() - start.getTime())})`);
  return parts.join(", ");
}

export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

function iso(date: Date | undefined): string {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : "?";
}

function indent(text: string, spaces: number): string {
  return text
    .split("\n")
    .map((line) => " ".repeat(spaces) + line)
    .join("\n");
}

/** One line per deployment, newest first: what `history` prints. */
export function formatHistory(infos: DeploymentInfo[]): string {
  const rows = infos.map((d) => {
    const start = d.startTime ?? d.createTime;
    const took = d.completeTime && start ? duration(d.completeTime.getTime() - start.getTime()) : "-";
    const rollback = d.rollbackInfo?.rollbackDeploymentId
      ? `rolled back by ${d.rollbackInfo.rollbackDeploymentId}`
      : d.rollbackInfo?.rollbackTriggeringDeploymentId
        ? `rollback of ${d.rollbackInfo.rollbackTriggeringDeploymentId}`
        : "";
    return [d.deploymentId ?? "?", d.status ?? "?", iso(d.createTime), took, d.creator ?? "", describeRevision(d.revision), rollback];
  });
  const header = ["deployment", "status", "created", "took", "by", "revision", "rollback"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}
