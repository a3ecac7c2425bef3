import { Construct } from "constructs";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AwsContext } from "../shared/aws-context";
import { policyDocument } from "../shared/iam";
import { SNS_TOPIC_ENCRYPTION_CONTEXT_KEY } from "../shared/service-condition-keys";
import { CustomAlarm, isPercentile, resolveDimensions } from "./custom-alarms";

export interface MonitoringProps {
  readonly aws: AwsContext;
  readonly topicName: string;
  readonly keyAlias: string;
  /** Alarm names are `<alarmNamePrefix>-<what>`. */
  readonly alarmNamePrefix: string;
  /** `arn_suffix` of the load balancer (the CloudWatch dimension). Required unless `builtInAlarms` replaces the ALB alarms. */
  readonly loadBalancerArnSuffix?: string;
  /** `arn_suffix` of the production target group. Required unless `builtInAlarms` replaces the ALB alarms. */
  readonly targetGroupArnSuffix?: string;
  /**
   * The alarms of another compute platform, in place of the three ALB ones (a Lambda alias's
   * errors, throttles and duration). @default the ALB alarms of BUILT_IN_ALARMS
   */
  readonly builtInAlarms?: AlarmSpec[];
  /** Target 5XX responses per minute that count as breaching. @default 10 */
  readonly target5xxThreshold?: number;
  /** p99 target response time in seconds that counts as breaching. @default 2 */
  readonly responseTimeP99Seconds?: number;
  /** Email address subscribed to the topic. @default none */
  readonly alarmEmail?: string;
  /** IAM roles allowed to publish to the topic and use its key. @default none */
  readonly publisherRoleArns?: string[];
  /**
   * ARNs of the EventBridge rules allowed to publish, each exactly (no pattern: `rule/<app>-<env>-*`
   * would also admit the rules of an environment named `<env>-<anything>`). @default none
   */
  readonly eventRuleArns?: string[];
  /** Alarms from the configuration, created beside the built-in three. @default none */
  readonly customAlarms?: CustomAlarm[];
  /** Days KMS waits before deleting the key. @default 30 */
  readonly keyDeletionWindowDays?: number;
}

/** Suffixes of the three built-in alarms (`<alarmNamePrefix>-<suffix>`); custom alarms may not reuse them. */
export const BUILT_IN_ALARMS = ["target-5xx", "unhealthy-hosts", "target-response-time-p99"] as const;

/** One alarm: what it watches and why its missing-data treatment is what it is. */
export interface AlarmSpec {
  readonly suffix: string;
  readonly description: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic?: string;
  readonly extendedStatistic?: string;
  readonly threshold: number;
  readonly comparisonOperator: string;
  /** @default "AWS/ApplicationELB" */
  readonly namespace?: string;
  /** @default 60 */
  readonly period?: number;
  /** @default 3 */
  readonly evaluationPeriods?: number;
  /** @default "notBreaching" */
  readonly treatMissingData?: string;
}

/**
 * The notification topic (encrypted with a customer-managed key, because CloudWatch alarms
 * cannot publish to a topic encrypted with the AWS-managed `alias/aws/sns` key) and the
 * alarms that gate deployments. All metrics come from `AWS/ApplicationELB`: CodeDeploy
 * publishes no CloudWatch metrics, so deployment state travels through EventBridge rules.
 */
export class Monitoring extends Construct {
  public readonly topic: SnsTopic;
  public readonly key: KmsKey;
  public readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { aws } = props;
    const target5xx = props.target5xxThreshold ?? 10;
    const p99 = props.responseTimeP99Seconds ?? 2;
    if (!Number.isInteger(target5xx) || target5xx < 1) throw new Error(`Monitoring: target5xxThreshold must be a whole number ≥ 1, got ${target5xx}`);
    if (!(p99 > 0)) throw new Error(`Monitoring: responseTimeP99Seconds must be above 0, got ${p99}`);

    const accountRoot = `arn:${aws.partition}:iam::${aws.accountId}:root`;
    const publisherKeyActions = ["kms:Decrypt", "kms:GenerateDataKey*"];
    const publisherRoleArns = props.publisherRoleArns ?? [];
    const eventRuleArns = props.eventRuleArns ?? [];
    // Built from the name, not the topic's `arn` attribute: the topic refers to the key, so the key
    // policy cannot refer to the topic.
    const topicArn = `arn:${aws.partition}:sns:${aws.region}:${aws.accountId}:${props.topicName}`;
    // SNS asks KMS for the data key on the publishing service's behalf, with the topic ARN as
    // encryption context. That context is the one key this request is documented to carry for
    // EventBridge (aws:SourceAccount/SourceArn/SourceOrgID are not supported there), so it scopes
    // both service statements. Sources: modules/shared/service-condition-keys.ts.
    const topicContext = [{ test: "StringEquals", variable: SNS_TOPIC_ENCRYPTION_CONTEXT_KEY, values: [topicArn] }];
    const servicePublishes = (sid: string, service: string) => ({
      sid,
      principals: [{ type: "Service", identifiers: [aws.servicePrincipal(service)] }],
      actions: publisherKeyActions,
      resources: ["*"],
      condition: topicContext,
    });

    this.key = new KmsKey(this, "key", {
      description: `Encrypts the ${props.topicName} notification topic`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      policy: policyDocument(this, "key_policy", [
        {
          sid: "AccountAdministersKey",
          principals: [{ type: "AWS", identifiers: [accountRoot] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        servicePublishes("CloudWatchAlarmsPublish", "cloudwatch"),
        ...(publisherRoleArns.length > 0
          ? [{ sid: "PublisherRolesPublish", principals: [{ type: "AWS", identifiers: publisherRoleArns }], actions: publisherKeyActions, resources: ["*"] }]
          : []),
        ...(eventRuleArns.length > 0 ? [servicePublishes("EventRulesPublish", "events")] : []),
      ]).json,
    });
    new KmsAlias(this, "key_alias", { name: props.keyAlias, targetKeyId: this.key.keyId });

    this.topic = new SnsTopic(this, "topic", { name: props.topicName, kmsMasterKeyId: this.key.arn });
    if (props.alarmEmail) {
      new SnsTopicSubscription(this, "email", { topicArn: this.topic.arn, protocol: "email", endpoint: props.alarmEmail });
    }

    const { loadBalancerArnSuffix, targetGroupArnSuffix } = props;
    const edge = loadBalancerArnSuffix !== undefined && targetGroupArnSuffix !== undefined ? { loadBalancerArnSuffix, targetGroupArnSuffix } : undefined;
    if (!edge && (!props.builtInAlarms || (props.customAlarms ?? []).length > 0)) {
      throw new Error("Monitoring: loadBalancerArnSuffix and targetGroupArnSuffix are required for the ALB alarms and for customAlarms");
    }
    const targetDimensions = { LoadBalancer: loadBalancerArnSuffix!, TargetGroup: targetGroupArnSuffix! };
    const specs: AlarmSpec[] = [
      ...(props.builtInAlarms ?? [
        {
          suffix: "target-5xx",
          description: `Targets answered more than ${target5xx} requests per minute with 5XX. Stops and rolls back a running deployment.`,
          metricName: "HTTPCode_Target_5XX_Count",
          dimensions: targetDimensions,
          statistic: "Sum",
          threshold: target5xx,
          comparisonOperator: "GreaterThanThreshold",
        },
        {
          suffix: "unhealthy-hosts",
          description: "At least one registered target fails its health check. Stops and rolls back a running deployment.",
          metricName: "UnHealthyHostCount",
          dimensions: targetDimensions,
          statistic: "Maximum",
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
        },
        {
          suffix: "target-response-time-p99",
          description: `p99 target response time above ${p99} s. Stops and rolls back a running deployment.`,
          metricName: "TargetResponseTime",
          dimensions: targetDimensions,
          extendedStatistic: "p99",
          threshold: p99,
          comparisonOperator: "GreaterThanThreshold",
        },
      ]),
      ...(props.customAlarms ?? []).map((alarm): AlarmSpec => {
        const percentile = isPercentile(alarm.statistic);
        return {
          suffix: alarm.name,
          description:
            alarm.description ??
            `${alarm.namespace} ${alarm.metric} ${alarm.statistic} ${alarm.comparison} ${alarm.threshold} (configured in customAlarms). Stops and rolls back a running deployment.`,
          namespace: alarm.namespace,
          metricName: alarm.metric,
          dimensions: resolveDimensions(alarm.dimensions, edge!),
          statistic: percentile ? undefined : alarm.statistic,
          extendedStatistic: percentile ? alarm.statistic : undefined,
          threshold: alarm.threshold,
          comparisonOperator: alarm.comparison,
          period: alarm.period,
          evaluationPeriods: alarm.evaluationPeriods,
          treatMissingData: alarm.treatMissingData ?? "missing",
        };
      }),
    ];
    this.alarms = specs.map(
      (spec) =>
        new CloudwatchMetricAlarm(this, spec.suffix.replace(/-/g, "_"), {
          alarmName: `${props.alarmNamePrefix}-${spec.suffix}`,
          alarmDescription: spec.description,
          namespace: spec.namespace ?? "AWS/ApplicationELB",
          metricName: spec.metricName,
          dimensions: spec.dimensions,
          statistic: spec.statistic,
          extendedStatistic: spec.extendedStatistic,
          period: spec.period ?? 60,
          evaluationPeriods: spec.evaluationPeriods ?? 3,
          datapointsToAlarm: Math.min(2, spec.evaluationPeriods ?? 3),
          threshold: spec.threshold,
          comparisonOperator: spec.comparisonOperator,
          // The built-in ALB metrics are only emitted while requests flow or targets are registered:
          // silence means no traffic, which is not a failure of the new revision.
          treatMissingData: spec.treatMissingData ?? "notBreaching",
          alarmActions: [this.topic.arn],
          okActions: [this.topic.arn],
        }),
    );

    // Exact ARNs: a name pattern such as `alarm:<app>-<env>-*` also matches the alarms of an
    // environment named `<env>-<anything>` (dev and dev-eu).
    new SnsTopicPolicy(this, "topic_policy", {
      arn: this.topic.arn,
      policy: policyDocument(this, "topic_policy_document", [
        {
          sid: "CloudWatchAlarmsPublish",
          principals: [{ type: "Service", identifiers: [aws.servicePrincipal("cloudwatch")] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          condition: [
            { test: "ArnEquals", variable: "aws:SourceArn", values: this.alarms.map((alarm) => alarm.arn) },
            { test: "StringEquals", variable: "aws:SourceAccount", values: [aws.accountId] },
          ],
        },
        ...(publisherRoleArns.length > 0
          ? [{ sid: "PublisherRolesPublish", principals: [{ type: "AWS", identifiers: publisherRoleArns }], actions: ["sns:Publish"], resources: [this.topic.arn] }]
          : []),
        ...(eventRuleArns.length > 0
          ? [
              {
                sid: "EventRulesPublish",
                principals: [{ type: "Service", identifiers: [aws.servicePrincipal("events")] }],
                actions: ["sns:Publish"],
                resources: [this.topic.arn],
                condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: eventRuleArns }],
              },
            ]
          : []),
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ]).json,
    });
  }
}
