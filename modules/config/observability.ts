import { z } from "zod";
import {
  ALARM_COMPARISONS,
  ALARM_STATISTICS,
  isPercentile,
  isValidPeriod,
  MAX_ALARM_EVALUATION_SECONDS,
  DIMENSION_PLACEHOLDERS,
  TREAT_MISSING_DATA,
} from "../observability/custom-alarms";
import { BUILT_IN_ALARMS } from "../observability/monitoring";
import { MAX_DEPLOYMENT_GROUP_ALARMS } from "../server/deployment";
import { positiveNumber, settingPath, wholeNumber } from "./kit";
import type { PerProfile } from "./profiles";
import type { ObservabilitySettings } from "../observability";

export const OBSERVABILITY_DEFAULTS: PerProfile<ObservabilitySettings> = {
  dev: { alarmTarget5xxCount: 20, alarmResponseTimeP99Seconds: 2, customAlarms: [] },
  staging: { alarmTarget5xxCount: 10, alarmResponseTimeP99Seconds: 2, customAlarms: [] },
  prod: { alarmTarget5xxCount: 5, alarmResponseTimeP99Seconds: 2, customAlarms: [] },
};

/** Custom alarms that fit beside the built-in ones in a deployment group's alarm list. */
export const MAX_CUSTOM_ALARMS = MAX_DEPLOYMENT_GROUP_ALARMS - BUILT_IN_ALARMS.length;

const customAlarmSchema = z.strictObject(
  {
    name: z
      .string({ error: "must be a name of lowercase letters, digits and hyphens" })
      .regex(/^[a-z][a-z0-9-]{0,62}[a-z0-9]$/, "must be 2–64 lowercase letters, digits and hyphens, starting with a letter"),
    metric: z.string({ error: "must be a CloudWatch metric name" }).regex(/^[^\s:]{1,255}$/, "must be a CloudWatch metric name (1–255 characters, no spaces or colons)"),
    namespace: z
      .string({ error: "must be a CloudWatch namespace such as AWS/ApplicationELB" })
      .regex(/^[A-Za-z0-9.\-_/#:]{1,255}$/, "must be a CloudWatch namespace such as AWS/ApplicationELB (letters, digits, . - _ / # :)"),
    dimensions: z
      .record(
        z.string().min(1).max(255),
        z
          .string({ error: "must be a dimension value" })
          .min(1)
          .max(1024)
          // A misspelled placeholder would be written literally and the alarm would never fire.
          .refine((value) => !/^\{.*\}$/.test(value) || value in DIMENSION_PLACEHOLDERS, {
            error: `must be a literal value or one of the placeholders ${Object.keys(DIMENSION_PLACEHOLDERS).join(", ")} (case-sensitive)`,
          }),
        { error: 'must map dimension names to values, e.g. { "TargetGroup": "{targetGroup}" }' },
      )
      .refine((dimensions) => Object.keys(dimensions).length <= 30, "must have at most 30 dimensions (CloudWatch's limit)")
      .optional(),
    statistic: z
      .string({ error: `must be one of ${ALARM_STATISTICS.join(", ")} or a percentile such as p99` })
      .refine((statistic) => (ALARM_STATISTICS as readonly string[]).includes(statistic) || isPercentile(statistic), {
        error: `must be one of ${ALARM_STATISTICS.join(", ")} or a percentile such as p99`,
      }),
    threshold: z.number({ error: "must be a number" }).refine(Number.isFinite, "must be a number"),
    period: z
      .number({ error: "must be 10, 20, 30 or a multiple of 60 (seconds)" })
      .refine(isValidPeriod, "must be 10, 20, 30 or a multiple of 60 (seconds)"),
    comparison: z.enum(ALARM_COMPARISONS, { error: `must be one of ${ALARM_COMPARISONS.join(", ")}` }),
    evaluationPeriods: wholeNumber(1, 100).optional(),
    treatMissingData: z.enum(TREAT_MISSING_DATA, { error: `must be one of ${TREAT_MISSING_DATA.join(", ")}` }).optional(),
  },
  { error: 'must be an object such as { "name": "elb-5xx", "metric": "HTTPCode_ELB_5XX_Count", … }' },
);

/** Keys of a custom alarm, for did-you-mean hints. */
export const CUSTOM_ALARM_KEYS = Object.keys(customAlarmSchema.shape);

export const observabilitySettingsShape = {
  alarmEmail: z.email({ error: "must be an email address" }).optional(),
  alarmTarget5xxCount: wholeNumber(1, 100000).optional(),
  alarmResponseTimeP99Seconds: positiveNumber(60).optional(),
  customAlarms: z.array(customAlarmSchema, { error: "must be a list of alarms" }).optional(),
};

/**
 * Rules across keys: the alarms fit CodeDeploy's limit of 10 per deployment group, names are
 * unique and not the built-in ones, and a period fits CloudWatch's one-day evaluation window.
 */
export function observabilityProblems(env: ObservabilitySettings & { readonly name: string }): string[] {
  const at = (key: string) => settingPath(env.name, key);
  const problems: string[] = [];
  if (env.customAlarms.length > MAX_CUSTOM_ALARMS) {
    problems.push(
      `${at("customAlarms")}: ${env.customAlarms.length} alarms — at most ${MAX_CUSTOM_ALARMS}: with the ${BUILT_IN_ALARMS.length} built-in ones ` +
        `they must fit CodeDeploy's ${MAX_DEPLOYMENT_GROUP_ALARMS} alarms per deployment group`,
    );
  }
  const seen = new Set<string>(BUILT_IN_ALARMS);
  env.customAlarms.forEach((alarm, index) => {
    if (seen.has(alarm.name)) {
      const why = (BUILT_IN_ALARMS as readonly string[]).includes(alarm.name) ? "a built-in alarm has this name" : "another custom alarm has this name";
      problems.push(`${at(`customAlarms.${index}.name`)}: "${alarm.name}" — ${why}`);
    }
    seen.add(alarm.name);
    const evaluationPeriods = alarm.evaluationPeriods ?? 3;
    if (alarm.period * evaluationPeriods > MAX_ALARM_EVALUATION_SECONDS) {
      problems.push(
        `${at(`customAlarms.${index}.period`)}: ${alarm.period} — period × evaluationPeriods (${evaluationPeriods}) must not exceed one day (86400 s)`,
      );
    }
  });
  return problems;
}
