import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { BUILT_IN_ALARMS, Monitoring, MonitoringProps } from "../../modules/observability/monitoring";
import { AwsContext } from "../../modules/shared/aws-context";
import { policyStatements, synthModule } from "../support/synth";
import { carriesConditionKey, servicePrincipalPath } from "../../modules/shared/service-condition-keys";

/** Whether an IAM ARN pattern (`*`, `?` wildcards, as ArnLike compares) matches an ARN. */
const arnPatternMatches = (pattern: string, arn: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(arn);

const EVENT_RULES = ["arn:aws:events:us-east-1:123456789012:rule/shop-dev-deployment-state", "arn:aws:events:us-east-1:123456789012:rule/shop-dev-pipeline-failed"];

const props = (aws: AwsContext, extra: Partial<MonitoringProps> = {}): MonitoringProps => ({
  aws,
  topicName: "shop-dev-deployments",
  keyAlias: "alias/shop-dev-notifications",
  alarmNamePrefix: "shop-dev",
  loadBalancerArnSuffix: "app/shop-dev/0123456789abcdef",
  targetGroupArnSuffix: "targetgroup/shop-dev-web/0123456789abcdef",
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

  test("the topic is encrypted with a rotating customer-managed key CloudWatch may use for this topic only", () => {
    expect(synth.resource("aws_sns_topic").kms_master_key_id).toMatch(/aws_kms_key\.\w+\.arn/);
    expect(synth.resource("aws_kms_key").enable_key_rotation).toBe(true);
    const keyPolicy = policyStatements(synth, "key_policy");
    expect(keyPolicy.map((s) => s.sid)).toEqual(["AccountAdministersKey", "CloudWatchAlarmsPublish"]);
    expect(keyPolicy[1]).toMatchObject({
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      condition: [
        {
          test: "StringEquals",
          variable: "kms:EncryptionContext:aws:sns:topicArn",
          values: [expect.stringMatching(/^arn:aws:sns:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:shop-dev-deployments$/)],
        },
      ],
    });
  });

  // Kind: a principal's policy statement uses a condition key that service does not send on that path.
  test("a principal's policy statement uses only condition keys that service sends on that path: EventBridge reaches the topic key by the topic's encryption context", () => {
    const withRules = synthModule((scope, aws) => new Monitoring(scope, "m", props(aws, { eventRuleArns: EVENT_RULES })));
    for (const [document, kind] of [["key_policy", "kms-key"], ["topic_policy", "sns-topic"]] as const) {
      for (const statement of policyStatements(withRules, document).filter((s) => s.principals?.[0]?.type === "Service")) {
        const entry = servicePrincipalPath(statement.principals[0].identifiers[0].split(".")[0], kind)!;
        expect(entry).toBeDefined();
        for (const { variable } of statement.condition ?? []) expect([statement.sid, variable, carriesConditionKey(entry, variable)]).toEqual([statement.sid, variable, true]);
      }
    }
    const events = policyStatements(withRules, "key_policy").find((s) => s.sid === "EventRulesPublish");
    expect(events.condition).toEqual([
      { test: "StringEquals", variable: "kms:EncryptionContext:aws:sns:topicArn", values: [expect.stringMatching(/:sns:us-east-1:.+:shop-dev-deployments$/)] },
    ]);
  });

  // Kind: a grant whose effective scope is wider than its stated one.
  test("a grant whose effective scope is wider than its stated one: the topic admits exactly this environment's alarms and rules, not those of dev-eu", () => {
    const withRules = synthModule((scope, aws) => new Monitoring(scope, "m", props(aws, { eventRuleArns: EVENT_RULES })));
    const statements = policyStatements(withRules, "topic_policy");
    const sourceArns = statements.flatMap((s) => (s.condition ?? []).filter((c: any) => c.variable === "aws:SourceArn").flatMap((c: any) => c.values));
    const neighbours = [
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-dev-eu-target-5xx",
      "arn:aws:events:us-east-1:123456789012:rule/shop-dev-eu-deployment-state",
    ];
    const account = (value: string) => value.replace(/\$\{data\.aws_caller_identity\.\w+\.account_id\}/g, "123456789012");
    for (const pattern of sourceArns) for (const arn of neighbours) expect([pattern, arn, arnPatternMatches(account(pattern), arn)]).toEqual([pattern, arn, false]);
    expect(statements.map((s) => s.sid)).toEqual(["CloudWatchAlarmsPublish", "EventRulesPublish", "DenyInsecureTransport"]);
    const alarmArns = Object.keys(withRules.resources("aws_cloudwatch_metric_alarm")).map((name) => `\${aws_cloudwatch_metric_alarm.${name}.arn}`);
    expect([...statements[0].condition[0].values].sort()).toEqual(alarmArns.sort());
    expect(statements[0].condition).toEqual([
      { test: "ArnEquals", variable: "aws:SourceArn", values: expect.any(Array) },
      { test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringContaining("data.aws_caller_identity")] },
    ]);
    expect(statements[1]).toMatchObject({
      principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
      actions: ["sns:Publish"],
      condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: EVENT_RULES }],
    });
    expect(statements[2]).toMatchObject({ effect: "Deny", condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] });
    expect(policyStatements(synth, "topic_policy").map((s) => s.sid)).toEqual(["CloudWatchAlarmsPublish", "DenyInsecureTransport"]);
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

describe("Monitoring with custom alarms", () => {
  const synth = synthModule((scope, aws) =>
    new Monitoring(scope, "monitoring", props(aws, {
      customAlarms: [
        { name: "elb-5xx", metric: "HTTPCode_ELB_5XX_Count", namespace: "AWS/ApplicationELB", dimensions: { LoadBalancer: "{loadBalancer}" }, statistic: "Sum", threshold: 3, period: 60, comparison: "GreaterThanThreshold" },
        { name: "checkout-latency", metric: "CheckoutLatency", namespace: "Shop/Checkout", dimensions: { Stage: "dev" }, statistic: "p99.9", threshold: 800, period: 300, comparison: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1, treatMissingData: "breaching" },
      ],
    })),
  );
  const alarm = (name: string) => Object.values<any>(synth.resources("aws_cloudwatch_metric_alarm")).find((a) => a.alarm_name === name);

  test("are created beside the built-in three, with the environment's names in place of the placeholders", () => {
    expect(Object.keys(synth.resources("aws_cloudwatch_metric_alarm"))).toHaveLength(5);
    expect(alarm("shop-dev-elb-5xx")).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metric_name: "HTTPCode_ELB_5XX_Count",
      dimensions: { LoadBalancer: "app/shop-dev/0123456789abcdef" },
      statistic: "Sum",
      threshold: 3,
      period: 60,
      evaluation_periods: 3,
      datapoints_to_alarm: 2,
      comparison_operator: "GreaterThanThreshold",
      treat_missing_data: "missing",
    });
  });

  test("take percentiles as extended statistics and their own period, evaluation and missing-data treatment; notify the topic", () => {
    const custom = alarm("shop-dev-checkout-latency");
    expect(custom).toMatchObject({ namespace: "Shop/Checkout", extended_statistic: "p99.9", period: 300, evaluation_periods: 1, datapoints_to_alarm: 1, treat_missing_data: "breaching" });
    expect(custom.statistic).toBeUndefined();
    expect(custom.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic\.\w+\.arn/)]);
  });

  test("BUILT_IN_ALARMS names exactly the built-in alarms", () => {
    const builtIn = Object.values<any>(synth.resources("aws_cloudwatch_metric_alarm")).map((a) => a.alarm_name).filter((n) => !["shop-dev-elb-5xx", "shop-dev-checkout-latency"].includes(n));
    expect(builtIn.sort()).toEqual(BUILT_IN_ALARMS.map((suffix) => `shop-dev-${suffix}`).sort());
  });
});
