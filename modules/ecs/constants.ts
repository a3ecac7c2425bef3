/**
 * Limits and defaults of the ECS platform, owned here and imported by the configuration.
 */

/**
 * The task CPU units Fargate offers and, for each, the memory (MiB) it accepts: Amazon ECS
 * Developer Guide, "Task definition parameters for Amazon ECS" → Task size (the `cpu` and `memory`
 * of RegisterTaskDefinition for `requiresCompatibilities: ["FARGATE"]`); RegisterTaskDefinition
 * answers anything else with "No Fargate configuration exists for given values". 8192 and 16384
 * need Linux platform version 1.4.0 or later (LATEST is).
 */
export const FARGATE_TASK_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: [2048, 3072, 4096, 5120, 6144, 7168, 8192],
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};
export const FARGATE_CPU_UNITS = Object.keys(FARGATE_TASK_SIZES).map(Number);

/** The memory sizes a Fargate task of `cpu` units may have, described for an error message. */
export function fargateMemoryRule(cpu: number): string {
  const sizes = FARGATE_TASK_SIZES[cpu];
  if (!sizes) return `cpu must be one of ${FARGATE_CPU_UNITS.join(", ")}`;
  if (sizes.length <= 7) return `with cpu ${cpu} Fargate accepts memory ${sizes.join(", ")} (MiB)`;
  const step = sizes[1] - sizes[0];
  return `with cpu ${cpu} Fargate accepts memory from ${sizes[0]} to ${sizes[sizes.length - 1]} MiB in steps of ${step}`;
}

/**
 * The predefined ECS deployment configs (CodeDeploy User Guide, "Deployment configurations on an
 * Amazon ECS compute platform").
 */
export const ECS_PREDEFINED_DEPLOYMENT_CONFIGS = [
  "CodeDeployDefault.ECSAllAtOnce",
  "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
  "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
  "CodeDeployDefault.ECSCanary10Percent5Minutes",
  "CodeDeployDefault.ECSCanary10Percent15Minutes",
] as const;
export type EcsPredefinedDeploymentConfig = (typeof ECS_PREDEFINED_DEPLOYMENT_CONFIGS)[number];

/**
 * A stack-created time-based config (CreateDeploymentConfig trafficRoutingConfig): `canary` shifts
 * `percentage` of the traffic, waits `intervalMinutes`, then shifts the rest; `linear` shifts
 * `percentage` every `intervalMinutes`.
 */
export interface TimeBasedTrafficConfig {
  readonly type: "canary" | "linear";
  /** Whole percent of the traffic per step, 1–99. */
  readonly percentage: number;
  /** Minutes between steps, 1–MAX_TRAFFIC_INTERVAL_MINUTES. */
  readonly intervalMinutes: number;
}
export type EcsDeploymentConfigSetting = EcsPredefinedDeploymentConfig | TimeBasedTrafficConfig;

/** Longest wait between traffic steps this project allows: the 2-day bound CodeDeploy puts on its other waits. */
export const MAX_TRAFFIC_INTERVAL_MINUTES = 2880;

/**
 * Longest wait before the original (blue) task set is terminated: 2880 minutes
 * (BlueInstanceTerminationOption.terminationWaitTimeInMinutes, "maximum 2 days").
 */
export const MAX_TERMINATION_WAIT_MINUTES = 2880;

/** Most images a repository holds (Amazon ECR service quotas, "Images per repository": 20,000); the lifecycle policy keeps at most this many. */
export const MAX_IMAGES_PER_REPOSITORY = 20000;

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}
