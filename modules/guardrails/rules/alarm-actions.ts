import { entryCount, finding, GuardrailRule, isFalse } from "../rule";

/** Defaults assumed: actions_enabled unset = true — source: CloudWatch API PutMetricAlarm, ActionsEnabled. */
export const alarmActions: GuardrailRule = {
  id: "ALARM-ACTIONS",
  checks: "Every CloudWatch alarm has an alarm action and actions enabled",
  rationale: "An alarm that notifies no one is noticed only by CodeDeploy, and only during a deployment",
  mirrors: "Security Hub CloudWatch.15",
  assumes: "actions_enabled unset = true",
  severity: "error",
  resourceTypes: ["aws_cloudwatch_metric_alarm"],
  check({ config }) {
    const fix = "set alarmActions to the stack's notification topic and leave actionsEnabled on";
    if (isFalse(config.actions_enabled)) return [finding("the alarm's actions are disabled", fix)];
    return entryCount(config.alarm_actions) > 0 ? [] : [finding("the alarm has no alarm action", fix)];
  },
};
