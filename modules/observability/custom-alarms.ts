/**
 * Alarms an environment adds from its configuration (`customAlarms`). Like the built-in ALB
 * alarms they notify the topic and are attached to the deployment group, so they also stop and
 * roll back a running deployment.
 */

/** The statistics CloudWatch alarms take by name (`statistic`); percentiles go as `p0`–`p100` (`extended_statistic`). */
export const ALARM_STATISTICS = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"] as const;
/** PutMetricAlarm ComparisonOperator values for static thresholds (the anomaly-band ones need a model). */
export const ALARM_COMPARISONS = [
  "GreaterThanThreshold",
  "GreaterThanOrEqualToThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
] as const;
/** TreatMissingData values (PutMetricAlarm). */
export const TREAT_MISSING_DATA = ["missing", "notBreaching", "breaching", "ignore"] as const;
/**
 * Periods an alarm accepts: 10, 20 or 30 s (high-resolution metrics) or a multiple of 60 s
 * (PutMetricAlarm Period); `evaluationPeriods × period` must not exceed one day (86400 s).
 */
export const HIGH_RESOLUTION_PERIODS = [10, 20, 30];
export const MAX_ALARM_EVALUATION_SECONDS = 86400;
/** Placeholders a dimension value may use for the environment's own load balancer and target group. */
export const DIMENSION_PLACEHOLDERS = { "{loadBalancer}": "LoadBalancer arn_suffix", "{targetGroup}": "TargetGroup arn_suffix" } as const;

export interface CustomAlarm {
  /** Alarm name suffix: the alarm is `<appName>-<env>-<name>`. Lowercase letters, digits, hyphens. */
  readonly name: string;
  /** CloudWatch metric name, e.g. `HTTPCode_ELB_5XX_Count`. */
  readonly metric: string;
  /** Metric namespace, e.g. `AWS/ApplicationELB` or your application's own. */
  readonly namespace: string;
  /** Dimensions; `{loadBalancer}` / `{targetGroup}` stand for this environment's. @default none */
  readonly dimensions?: Record<string, string>;
  /** One of ALARM_STATISTICS, or a percentile `p0`–`p100` (e.g. `p99.9`). */
  readonly statistic: string;
  readonly threshold: number;
  /** Seconds: 10, 20, 30 or a multiple of 60. */
  readonly period: number;
  readonly comparison: (typeof ALARM_COMPARISONS)[number];
  /** Periods evaluated; the alarm fires when 2 of them breach (1 when this is 1). @default 3 */
  readonly evaluationPeriods?: number;
  /** @default "missing" (the AWS default: no data leaves the state INSUFFICIENT_DATA, which never stops a deployment) */
  readonly treatMissingData?: (typeof TREAT_MISSING_DATA)[number];
  /** The alarm's description. @default what it watches, "(configured in customAlarms)" (a platform's own alarms say why they exist) */
  readonly description?: string;
}

/** `p99`, `p99.9`: a percentile CloudWatch takes as an extended statistic. */
export function isPercentile(statistic: string): boolean {
  const match = /^p(\d{1,3}(\.\d{1,2})?)$/.exec(statistic);
  return match !== null && Number(match[1]) <= 100;
}

export function isValidPeriod(period: number): boolean {
  return HIGH_RESOLUTION_PERIODS.includes(period) || (Number.isInteger(period) && period > 0 && period % 60 === 0);
}

/** Replaces the placeholders in dimension values with this environment's names. */
export function resolveDimensions(
  dimensions: Record<string, string> | undefined,
  own: { loadBalancerArnSuffix: string; targetGroupArnSuffix: string },
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(dimensions ?? {}).map(([key, value]) => [
      key,
      value === "{loadBalancer}" ? own.loadBalancerArnSuffix : value === "{targetGroup}" ? own.targetGroupArnSuffix : value,
    ]),
  );
}
