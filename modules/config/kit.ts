import { z } from "zod";
import { AWS_REGIONS } from "../shared/aws-context";
import { canonicalCidr, hostBitsZero, parseCidr } from "../shared/cidr";
import { LOG_RETENTION_DAYS } from "../shared/logs";

/**
 * Schema pieces every concern's settings use. Every message states the rule; the problem
 * formatter (problems.ts) adds the key path and the offending value.
 */

export const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`);

export const positiveNumber = (max: number) =>
  z
    .number({ error: `must be a number above 0 and at most ${max}` })
    .positive(`must be a number above 0 and at most ${max}`)
    .max(max, `must be a number above 0 and at most ${max}`);

export const flag = z.boolean({ error: "must be true or false" });

const RETENTION_RULE = `must be one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs retention periods)`;
/** Days a CloudWatch log group keeps its events: one of the periods PutRetentionPolicy accepts. */
export const logRetentionDays = z.number({ error: RETENTION_RULE }).refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), { error: RETENTION_RULE });

export const regionSchema = z.enum(AWS_REGIONS, {
  error: "must be an AWS region code such as us-east-1 or eu-west-1",
});

export const cidrSchema = z
  .string({ error: "must be a CIDR block such as 203.0.113.0/24 or 2001:db8::/32" })
  .refine((value) => parseCidr(value) !== undefined, {
    error: "must be a CIDR block such as 203.0.113.0/24 or 2001:db8::/32",
  })
  .refine((value) => parseCidr(value) === undefined || canonicalCidr(value) === value, {
    error: (issue) =>
      hostBitsZero(issue.input as string)
        ? `must be written as AWS returns it (lowercase, zeros compressed: RFC 5952), or every plan shows it as a change: write ${canonicalCidr(issue.input as string)}`
        : `host bits must be zero (AWS rejects it): write ${canonicalCidr(issue.input as string)}`,
  });

/** `environments.<env>.<key>`: where a cross-field problem of one environment is reported. */
export const settingPath = (environment: string, key: string) => `environments.${environment}.${key}`;
