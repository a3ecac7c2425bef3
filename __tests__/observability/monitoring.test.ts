import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Monitoring, MonitoringProps } from "../../modules/observability/monitoring";
import { AwsContext } from "../../modules/shared/aws-context";
import { policyStatements, synthModule } from "../support/synth";

const props = (aws: AwsContext, extra: Partial<MonitoringProps> = {}): MonitoringProps => ({
  aws,
  topicName: "shop-dev-deployments",
  keyAlias: "alias/shop-dev-notifications",
  alarmNamePrefix: "shop-dev",
  loadBalancerArnSuffix: "app/shop-dev/0123456789abcdef",
  targetGroupArnSuffix: "targetgroup/shop-dev-web/0123456789abcdef",
  publisherRoleArns: ["arn:aws:iam::123456789012:role/shop-dev-codedeploy"],
  ...extra,
});

describe("Monitoring", () => {
  const synth = synthModule((scope, aws) => new Monitoring(scope, "monitoring", props(aws, { target5xxThreshold: 7, responseTimeP99Seconds: 1.5 })));
  const alarms = Object.values<any>(synth.resources("aws_cloudwatch_metric_alarm"));

  test("three ALB alarms that can actually fire, none on a CodeDeploy namespace", () => {
    expect(alarms.map((a) => [a.alarm_name, a.namespace, a.metric_name]).sort()).toEqual([
      ["shop-dev-target-5xx", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"],
      ["shop-dev-target-response-time-p99", "AWS/ApplicationELB", "TargetResponseTime"],
      ["shop-dev-unhealthy-hosts", "AWS/ApplicationELB", "UnHealthyHostCount"],
    ]);
    for (const alarm of alarms) {
      expect(alarm.dimensions).toEqual({ LoadBalancer: "app/shop-dev/0123456789abcdef", TargetGroup: "targetgroup/shop-dev-web/0123456789abcdef" });
    }
  });

  test("thresholds and statistics match the configuration; p99 uses an extended statistic", () => {
    expect(synth.raw).toHaveResourceWithProperties(CloudwatchMetricAlarm, { metric_name: "HTTPCode_Target_5XX_Count", statistic: "Sum", threshold: 7 });
    expect(synth.raw).toHaveResourceWithProperties(CloudwatchMetricAlarm, { metric_name: "TargetResponseTime", extended_statistic: "p99", threshold: 1.5 });
    expect(synth.raw).toHaveResourceWithProperties(CloudwatchMetricAlarm, { metric_name: "UnHealthyHostCount", statistic: "Maximum", threshold: 0 });
  });

  test("every alarm notifies the topic on alarm and recovery, and treats missing data as not breaching", () => {
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic\.\w+\.arn/)]);
      expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
      expect(alarm.treat_missing_data).toBe("notBreaching");
    }
  });

  test("the topic is encrypted with a rotating customer-managed key CloudWatch may use", () => {
    expect(synth.resource("aws_sns_topic").kms_master_key_id).toMatch(/aws_kms_key\.\w+\.arn/);
    expect(synth.resource("aws_kms_key").enable_key_rotation).toBe(true);
    const keyPolicy = policyStatements(synth, "key_policy");
    expect(keyPolicy.find((s) => s.sid === "CloudWatchAlarmsPublish")).toMatchObject({
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
    });
    expect(keyPolicy.find((s) => s.sid === "PublisherRolesPublish").principals[0].identifiers).toEqual(["arn:aws:iam::123456789012:role/shop-dev-codedeploy"]);
  });

  test("the topic policy admits only this stack's alarms and the publisher roles, over TLS", () => {
    const statements = policyStatements(synth, "topic_policy");
    expect(statements.map((s) => s.sid)).toEqual(["CloudWatchAlarmsPublish", "PublisherRolesPublish", "DenyInsecureTransport"]);
    expect(statements[0].condition[0]).toEqual({
      test: "ArnLike",
      variable: "aws:SourceArn",
      values: [expect.stringMatching(/^arn:aws:cloudwatch:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:alarm:shop-dev-\*$/)],
    });
    expect(statements[2]).toMatchObject({ effect: "Deny", condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] });
  });

  test("admits this environment's EventBridge rules, and only when given their ARN pattern", () => {
    const pattern = "arn:aws:events:us-east-1:123456789012:rule/shop-dev-*";
    const withRules = synthModule((scope, aws) => new Monitoring(scope, "m", props(aws, { eventRuleArnPattern: pattern })));
    const topicStatement = policyStatements(withRules, "topic_policy").find((s) => s.sid === "EventRulesPublish");
    expect(topicStatement).toMatchObject({
      principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
      actions: ["sns:Publish"],
      condition: [{ test: "ArnLike", variable: "aws:SourceArn", values: [pattern] }],
    });
    expect(policyStatements(withRules, "key_policy").map((s) => s.sid)).toContain("EventRulesPublish");
    expect(policyStatements(synth, "topic_policy").map((s) => s.sid)).not.toContain("EventRulesPublish");
  });

  test("subscribes an email address only when one is configured", () => {
    expect(synth.resources("aws_sns_topic_subscription")).toEqual({});
    const withEmail = synthModule((scope, aws) => new Monitoring(scope, "m", props(aws, { alarmEmail: "oncall@example.com" })));
    expect(withEmail.resource("aws_sns_topic_subscription")).toMatchObject({ protocol: "email", endpoint: "oncall@example.com" });
  });

  test.each([
    [{ target5xxThreshold: 0 }, "Monitoring: target5xxThreshold must be a whole number ≥ 1, got 0"],
    [{ responseTimeP99Seconds: -1 }, "Monitoring: responseTimeP99Seconds must be above 0, got -1"],
  ])("rejects %o", (extra, message) => {
    expect(() => synthModule((scope, aws) => new Monitoring(scope, "m", props(aws, extra)))).toThrow(message);
  });
});
