import { finding, GuardrailRule } from "../rule";

/** Defaults assumed: retention_in_days unset (or 0) = events never expire — source: CloudWatch Logs API PutRetentionPolicy / CreateLogGroup: "By default, log data is stored in CloudWatch Logs indefinitely". */
export const logGroupRetention: GuardrailRule = {
  id: "LOGS-RETENTION",
  checks: "CloudWatch log groups set a retention period",
  rationale: "Logs kept forever cost money forever and keep whatever leaked into them",
  mirrors: "checkov CKV_AWS_66, Security Hub CloudWatch.16 (which asks for at least a year)",
  assumes: "retention_in_days unset (or 0) = events never expire",
  severity: "error",
  resourceTypes: ["aws_cloudwatch_log_group"],
  check({ config }) {
    const days = Number(config.retention_in_days ?? 0);
    return days > 0 ? [] : [finding("the log group keeps events forever", "set retentionInDays (logRetentionDays in the environment's configuration)")];
  },
};
