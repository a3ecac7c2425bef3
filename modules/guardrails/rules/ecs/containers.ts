import { Estate, EstateResource } from "../../estate";
import { finding, Finding, GuardrailRule, isExpression } from "../../rule";

/**
 * The container definitions of a task definition, parsed, or why they cannot be read at synth
 * time (a computed value). Each rule of this file judges every container.
 */
function containers(task: EstateResource): { name: string; definition: Record<string, any> }[] | string {
  const value = task.config.container_definitions;
  if (typeof value !== "string") return "its container definitions are not a literal JSON document";
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return isExpression(value) ? `its container definitions are computed (${value.slice(0, 60)})` : "its container definitions are not valid JSON";
  }
  if (!Array.isArray(parsed)) return "its container definitions are not a JSON list";
  return parsed.map((definition: Record<string, any>, index) => ({ name: String(definition?.name ?? `#${index}`), definition: definition ?? {} }));
}

/** A rule over each container of each task definition: `judge` says what is wrong with one, or nothing. */
function perContainer(judge: (definition: Record<string, any>) => string | undefined, fix: string): (task: EstateResource, estate: Estate) => Finding[] {
  return (task) => {
    const all = containers(task);
    if (typeof all === "string") return [finding(`the task definition cannot be checked: ${all}`, "write container_definitions as literal JSON (JSON.stringify of the definitions)")];
    return all.flatMap(({ name, definition }) => {
      const problem = judge(definition);
      return problem ? [finding(`container "${name}" ${problem}`, fix)] : [];
    });
  };
}

export const TASK_DEFINITION_TYPES = ["aws_ecs_task_definition"];

/** Defaults assumed: privileged unset = false — source: ECS API ContainerDefinition.privileged. */
export const ecsNoPrivilegedContainers: GuardrailRule = {
  id: "ECS-NO-PRIVILEGED",
  checks: "ECS containers do not run privileged",
  rationale: "A privileged container has root on its host: one compromised task reaches every task beside it",
  mirrors: "checkov CKV_AWS_334, Security Hub ECS.4",
  assumes: "privileged unset = false",
  severity: "error",
  resourceTypes: TASK_DEFINITION_TYPES,
  check: perContainer((c) => (c.privileged === true ? "runs privileged" : undefined), "remove privileged (Fargate refuses it anyway)"),
};

/** Defaults assumed: readonlyRootFilesystem unset = false (writable) — source: ECS API ContainerDefinition.readonlyRootFilesystem. */
export const ecsReadOnlyRootFilesystem: GuardrailRule = {
  id: "ECS-READONLY-ROOT",
  checks: "ECS containers mount their root filesystem read-only",
  rationale: "An attacker who gets code execution cannot alter the image's binaries or drop tools; state belongs on volumes",
  mirrors: "checkov CKV_AWS_336, Security Hub ECS.5",
  assumes: "readonlyRootFilesystem unset = false (writable)",
  severity: "error",
  resourceTypes: TASK_DEFINITION_TYPES,
  check: perContainer(
    (c) => (c.readonlyRootFilesystem === true ? undefined : "has a writable root filesystem"),
    "set readonlyRootFilesystem: true and mount a volume where the image must write; suppress with the reason if it cannot",
  ),
};

/** Defaults assumed: logConfiguration unset = no log driver (output lost on Fargate) — source: ECS API ContainerDefinition.logConfiguration. */
export const ecsLogging: GuardrailRule = {
  id: "ECS-LOGGING",
  checks: "ECS containers send their output to a log driver",
  rationale: "Without a log configuration a Fargate task's output is lost with the task: nothing to read when a deployment fails",
  mirrors: "Security Hub ECS.9",
  assumes: "logConfiguration unset = no log driver",
  severity: "error",
  resourceTypes: TASK_DEFINITION_TYPES,
  check: perContainer(
    (c) => (typeof c.logConfiguration?.logDriver === "string" && c.logConfiguration.logDriver.length > 0 ? undefined : "has no log configuration"),
    'set logConfiguration { logDriver: "awslogs", options: { awslogs-group, awslogs-region, awslogs-stream-prefix } } to a log group with retention',
  ),
};

/** Defaults assumed: network_mode unset = bridge on Linux EC2 (RegisterTaskDefinition networkMode); Fargate accepts only awsvpc. */
export const ecsAwsvpc: GuardrailRule = {
  id: "ECS-AWSVPC",
  checks: "ECS task definitions use the awsvpc network mode",
  rationale: "awsvpc gives every task its own interface and security group: the ALB-only ingress of the tasks depends on it, and Fargate and IP target groups require it",
  mirrors: "Security Hub ECS.1 (which refuses host networking)",
  assumes: "network_mode unset = bridge",
  severity: "error",
  resourceTypes: TASK_DEFINITION_TYPES,
  check({ config }) {
    const mode = config.network_mode ?? "bridge";
    return mode === "awsvpc" ? [] : [finding(`the task definition uses network mode ${JSON.stringify(mode)}`, 'set networkMode: "awsvpc"')];
  },
};
