import { z } from "zod";
import {
  ECS_PREDEFINED_DEPLOYMENT_CONFIGS,
  FARGATE_CPU_UNITS,
  FARGATE_TASK_SIZES,
  fargateMemoryRule,
  MAX_IMAGES_PER_REPOSITORY,
  MAX_TERMINATION_WAIT_MINUTES,
  MAX_TRAFFIC_INTERVAL_MINUTES,
} from "../ecs/constants";
import type { EcsSettings } from "../ecs";
import { MAX_DEPLOYMENT_GROUP_ALARMS } from "../server/deployment";
import { BUILT_IN_ALARMS } from "../observability/monitoring";
import { ECS_ALARMS } from "../ecs/alarms";
import { cidrSchema, flag, settingPath, wholeNumber } from "./kit";
import { formatValue } from "./problems";
import type { PlatformKeyContract, Platform } from "./platform";
import type { PerProfile } from "./profiles";

/**
 * The `ecs` block of an environment: what an ECS (Fargate) blue/green environment runs, read only
 * when `platform` is `ecs`. Its keys have defaults per profile; an environment's `ecs` overrides
 * them key by key.
 */

const COMMON = {
  containerPort: 8080,
  testListenerPort: 9000,
  testListenerCidrs: [] as string[],
  secrets: {} as Record<string, string>,
  beforeAllowTrafficHook: false,
};

export const ECS_DEFAULTS: PerProfile<EcsSettings> = {
  dev: { ...COMMON, cpu: 256, memory: 512, desiredCount: 1, imageRetentionCount: 10, deploymentConfig: "CodeDeployDefault.ECSAllAtOnce", terminationWaitMinutes: 5 },
  staging: {
    ...COMMON,
    cpu: 512,
    memory: 1024,
    desiredCount: 2,
    imageRetentionCount: 20,
    deploymentConfig: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
    terminationWaitMinutes: 30,
  },
  prod: {
    ...COMMON,
    cpu: 512,
    memory: 1024,
    desiredCount: 2,
    imageRetentionCount: 30,
    deploymentConfig: "CodeDeployDefault.ECSCanary10Percent5Minutes",
    terminationWaitMinutes: 60,
  },
};

const subnetId = z
  .string({ error: "must be a subnet ID such as subnet-0123456789abcdef0" })
  .regex(/^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, "must be a subnet ID such as subnet-0123456789abcdef0");

/** Secrets Manager secret or SSM parameter ARNs: the two sources ECS injects secrets from (ContainerDefinition.secrets[].valueFrom). */
const SECRET_ARN = /^arn:aws[a-z-]*:(?:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+|ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9/_.-]+)$/;
/** Environment variable names a container may be given (letters, digits, underscores; not starting with a digit). */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const deploymentConfigSchema = z.union(
  [
    z.enum(ECS_PREDEFINED_DEPLOYMENT_CONFIGS),
    z.strictObject({
      type: z.enum(["canary", "linear"], { error: 'must be "canary" or "linear"' }),
      percentage: wholeNumber(1, 99),
      intervalMinutes: wholeNumber(1, MAX_TRAFFIC_INTERVAL_MINUTES),
    }),
  ],
  {
    error:
      `must be one of ${ECS_PREDEFINED_DEPLOYMENT_CONFIGS.join(", ")} (the predefined ECS configs), ` +
      `or { "type": "canary" | "linear", "percentage": 1-99, "intervalMinutes": 1-${MAX_TRAFFIC_INTERVAL_MINUTES} } for a custom time-based one`,
  },
);

const autoScalingSchema = z.strictObject(
  {
    minCapacity: wholeNumber(1, 1000),
    maxCapacity: wholeNumber(1, 1000),
    targetCpuPercent: wholeNumber(10, 90),
  },
  { error: 'must be an object such as { "minCapacity": 2, "maxCapacity": 6, "targetCpuPercent": 60 }' },
);

const ecsSchema = z.strictObject(
  {
    cpu: z
      .number({ error: `must be one of ${FARGATE_CPU_UNITS.join(", ")} (Fargate task CPU units)` })
      .refine((cpu) => FARGATE_CPU_UNITS.includes(cpu), `must be one of ${FARGATE_CPU_UNITS.join(", ")} (Fargate task CPU units)`)
      .optional(),
    memory: wholeNumber(512, 122880).optional(),
    containerPort: wholeNumber(1, 65535).optional(),
    desiredCount: wholeNumber(1, 1000).optional(),
    imageRetentionCount: wholeNumber(1, MAX_IMAGES_PER_REPOSITORY).optional(),
    taskSubnetIds: z
      .array(subnetId, { error: "must be a list of subnet IDs" })
      .min(2, "must list at least two subnets, in different Availability Zones")
      .refine((ids) => new Set(ids).size === ids.length, "must not list a subnet twice")
      .optional(),
    testListenerPort: wholeNumber(1, 65535).optional(),
    testListenerCidrs: z.array(cidrSchema, { error: "must be a list of CIDR blocks" }).optional(),
    deploymentConfig: deploymentConfigSchema.optional(),
    terminationWaitMinutes: wholeNumber(0, MAX_TERMINATION_WAIT_MINUTES).optional(),
    secrets: z
      .record(
        z.string().regex(VARIABLE_NAME, "must be an environment variable name (letters, digits, underscores)"),
        z.string({ error: "must be a Secrets Manager secret ARN or an SSM parameter ARN" }).regex(SECRET_ARN, "must be a Secrets Manager secret ARN or an SSM parameter ARN"),
        { error: 'must map environment variable names to secret ARNs, e.g. { "DB_PASSWORD": "arn:aws:secretsmanager:…" }' },
      )
      .optional(),
    autoScaling: autoScalingSchema.optional(),
    beforeAllowTrafficHook: flag.optional(),
  },
  { error: 'must be an object of ECS settings, e.g. { "cpu": 512, "memory": 1024 }' },
);

/** Keys of the `ecs` block, for did-you-mean hints. */
export const ECS_KEYS = Object.keys(ecsSchema.shape);
export const ECS_DEPLOYMENT_CONFIG_KEYS = ["type", "percentage", "intervalMinutes"];
export const ECS_AUTO_SCALING_KEYS = Object.keys(autoScalingSchema.shape);

export const ecsSettingsShape = {
  ecs: ecsSchema.optional(),
};
export type EcsOverrides = z.infer<typeof ecsSchema>;

/** An environment's `ecs` block over its profile's defaults. */
export function mergeEcs(defaults: EcsSettings, overrides: EcsOverrides | undefined): EcsSettings {
  const own = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, value]) => value !== undefined));
  return { ...defaults, ...own } as EcsSettings;
}

interface EcsEnvironment {
  readonly name: string;
  readonly platform: Platform;
  readonly ecs: EcsSettings;
  readonly vpcId?: string;
  readonly subnetIds?: string[];
  readonly certificateArn?: string;
  readonly customAlarms: readonly { readonly name: string }[];
}

/**
 * The EC2 keys an ECS environment reads: its load balancer's network, listener and target-group
 * settings and the alarms beside its own. Measured, not assumed: each of the other EC2 keys was
 * set on `examples/ecs-fargate.json` and left its synthesized stack byte-identical.
 */
export const ECS_SHARED_EC2_KEYS = [
  "vpcId",
  "subnetIds",
  "ingressCidrs",
  "certificateArn",
  "accessLogs",
  "healthCheckPath",
  "deregistrationDelaySeconds",
  "deletionProtection",
  "alarmTarget5xxCount",
  "alarmResponseTimeP99Seconds",
  "customAlarms",
] as const;

/** An ECS environment refuses the EC2 keys it does not read, naming the ECS counterpart where there is one. */
export const ECS_KEY_CONTRACT: PlatformKeyContract = {
  platform: "ecs",
  block: "ecs",
  blockTitle: "ECS",
  readsEc2Keys: ECS_SHARED_EC2_KEYS,
  ignoresBecause: "runs Fargate tasks, not a fleet, and would ignore it",
  hints: Object.fromEntries(
    Object.entries({
      deploymentConfig: "ecs.deploymentConfig",
      terminationWaitMinutes: "ecs.terminationWaitMinutes",
      appPort: "ecs.containerPort",
      minSize: "ecs.autoScaling",
      maxSize: "ecs.autoScaling",
      desiredCapacity: "ecs.desiredCount",
      scaling: "ecs.autoScaling",
      fleetSubnetIds: "ecs.taskSubnetIds",
    }).map(([key, counterpart]) => [key, `set ${counterpart} instead`]),
  ),
};

/**
 * Rules across keys of an `ecs` environment: a memory size Fargate offers with the CPU, private
 * task subnets of a named VPC, a test listener reachable only from named CIDRs and on its own port,
 * scaling bounds around the desired count, and the alarms within CodeDeploy's ten.
 */
export function ecsProblems(env: EcsEnvironment): string[] {
  if (env.platform !== "ecs") return [];
  const at = (key: string) => settingPath(env.name, `ecs.${key}`);
  const { ecs } = env;
  const problems: string[] = [];
  if (FARGATE_TASK_SIZES[ecs.cpu] && !FARGATE_TASK_SIZES[ecs.cpu].includes(ecs.memory)) {
    problems.push(`${at("memory")}: ${ecs.memory} — ${fargateMemoryRule(ecs.cpu)} (Amazon ECS Developer Guide, task size)`);
  }
  if (env.vpcId === undefined || env.subnetIds === undefined) {
    problems.push(
      `${settingPath(env.name, "vpcId")}: ${formatValue(env.vpcId)} — an ecs environment names its VPC and the load balancer's public subnets (vpcId, subnetIds): ` +
        "the tasks run in private subnets, which the default VPC does not have",
    );
  }
  if (ecs.taskSubnetIds === undefined) {
    problems.push(`${at("taskSubnetIds")}: (missing) — list the private subnets (with a NAT route) the tasks and the smoke-test hook run in`);
  } else if (env.subnetIds?.some((id) => ecs.taskSubnetIds!.includes(id))) {
    problems.push(`${at("taskSubnetIds")}: ${formatValue(ecs.taskSubnetIds)} — must not reuse the load balancer's public subnets (subnetIds): tasks run privately`);
  }
  if (ecs.testListenerCidrs.length === 0) {
    problems.push(
      `${at("testListenerCidrs")}: [] — list who may reach the test listener: at least the public IPs of the NAT gateways the task subnets leave through ` +
        "(the AfterAllowTestTraffic hook calls the test listener from there)",
    );
  }
  ecs.testListenerCidrs.forEach((cidr, index) => {
    if (cidr === "0.0.0.0/0" || cidr === "::/0") {
      problems.push(`${at(`testListenerCidrs.${index}`)}: "${cidr}" — the test listener serves the new revision before it is approved; it must not be open to the internet`);
    }
  });
  const productionPorts = env.certificateArn ? [80, 443] : [80];
  if (productionPorts.includes(ecs.testListenerPort)) {
    problems.push(`${at("testListenerPort")}: ${ecs.testListenerPort} — the production listener uses port ${ecs.testListenerPort}; the test listener needs a port of its own`);
  }
  if (ecs.autoScaling) {
    const { minCapacity, maxCapacity } = ecs.autoScaling;
    if (minCapacity > maxCapacity) problems.push(`${at("autoScaling.minCapacity")}: ${minCapacity} — must not exceed maxCapacity (${maxCapacity})`);
    else if (ecs.desiredCount < minCapacity || ecs.desiredCount > maxCapacity) {
      problems.push(`${at("desiredCount")}: ${ecs.desiredCount} — must lie within autoScaling's minCapacity (${minCapacity}) and maxCapacity (${maxCapacity})`);
    }
  }
  const maxCustom = MAX_DEPLOYMENT_GROUP_ALARMS - BUILT_IN_ALARMS.length - ECS_ALARMS.length;
  if (env.customAlarms.length > maxCustom) {
    problems.push(
      `${settingPath(env.name, "customAlarms")}: ${env.customAlarms.length} alarms — at most ${maxCustom} on the ecs platform: with its ` +
        `${BUILT_IN_ALARMS.length + ECS_ALARMS.length} built-in alarms they must fit CodeDeploy's ${MAX_DEPLOYMENT_GROUP_ALARMS} per deployment group`,
    );
  }
  env.customAlarms.forEach((alarm, index) => {
    if ((ECS_ALARMS as readonly string[]).includes(alarm.name)) {
      problems.push(`${settingPath(env.name, `customAlarms.${index}.name`)}: "${alarm.name}" — a built-in alarm of the ecs platform has this name`);
    }
  });
  return problems;
}
