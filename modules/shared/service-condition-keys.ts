/**
 * Which condition keys an AWS service's request carries when it acts as a service principal on
 * one path, per kind of resource policy. A condition on a key the request does not carry never
 * matches, so an Allow statement scoped by it grants nothing and the service's calls fail quietly
 * (EventBridge reports only `FailedInvocations`). The table is curated from the AWS documentation
 * (one source per entry) and holds the service principals this project writes into key, topic and
 * bucket policies, plus those that must not appear there because they act through a role.
 */

/** The resource policies the table covers, named after what they are attached to. */
export type ResourcePolicyKind = "kms-key" | "sns-topic" | "s3-bucket";

export interface ServicePrincipalPath {
  /** The service principal's service name: `events` for `events.amazonaws.com`. */
  readonly service: string;
  readonly policy: ResourcePolicyKind;
  /** What the service does on this path, for messages. */
  readonly path: string;
  /**
   * Condition keys its request carries on this path (case-insensitive, as IAM compares them).
   * Empty when the service never calls as its service principal here (`actsThroughRole`).
   */
  readonly conditionKeys: readonly string[];
  /** The service calls with an IAM role it is given, never as its service principal: grant that role instead. */
  readonly actsThroughRole?: boolean;
  /** The service calls as its principal, but AWS documents no condition key on its request: grant it unconditioned. */
  readonly documentsNoKeys?: boolean;
  /** Where AWS documents it. */
  readonly source: string;
}

const SNS_KEY_MANAGEMENT = "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services";

/** The encryption context SNS passes to KMS for every message of a topic: the topic's ARN. */
export const SNS_TOPIC_ENCRYPTION_CONTEXT_KEY = "kms:EncryptionContext:aws:sns:topicArn";

export const SERVICE_PRINCIPAL_PATHS: readonly ServicePrincipalPath[] = [
  {
    service: "events",
    policy: "sns-topic",
    path: "an EventBridge rule publishes to the topic",
    conditionKeys: ["aws:SourceArn", "aws:SourceAccount"],
    source: "https://docs.aws.amazon.com/eventbridge/latest/userguide/policy-keys-eventbridge.html",
  },
  {
    // SNS asks KMS for the data key on EventBridge's behalf; the SNS guide states that
    // aws:SourceAccount, aws:SourceArn and aws:SourceOrgID are not supported in the key policy here.
    service: "events",
    policy: "kms-key",
    path: "an EventBridge rule publishes to a topic encrypted with the key",
    conditionKeys: [SNS_TOPIC_ENCRYPTION_CONTEXT_KEY],
    source: SNS_KEY_MANAGEMENT,
  },
  {
    service: "cloudwatch",
    policy: "sns-topic",
    path: "a CloudWatch alarm action publishes to the topic",
    conditionKeys: ["aws:SourceArn", "aws:SourceAccount"],
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html",
  },
  {
    // Only the encryption context is listed: it is in every KMS request SNS makes for the topic,
    // whichever service published (see sns-server-side-encryption.html, "encryption context").
    service: "cloudwatch",
    policy: "kms-key",
    path: "a CloudWatch alarm action publishes to a topic encrypted with the key",
    conditionKeys: [SNS_TOPIC_ENCRYPTION_CONTEXT_KEY],
    source: SNS_KEY_MANAGEMENT,
  },
  {
    service: "s3",
    policy: "sns-topic",
    path: "an S3 event notification publishes to the topic",
    conditionKeys: ["aws:SourceArn", "aws:SourceAccount"],
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html",
  },
  {
    service: "codedeploy",
    policy: "sns-topic",
    path: "a deployment group trigger publishes to the topic",
    conditionKeys: [],
    actsThroughRole: true,
    source: "https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-sns-event-notifications-permisssions.html",
  },
  {
    service: "codedeploy",
    policy: "kms-key",
    path: "a deployment group trigger publishes to a topic encrypted with the key",
    conditionKeys: [],
    actsThroughRole: true,
    source: "https://docs.aws.amazon.com/codedeploy/latest/userguide/monitoring-sns-event-notifications-permisssions.html",
  },
  {
    service: "codepipeline",
    policy: "sns-topic",
    path: "a manual approval action notifies the topic",
    conditionKeys: [],
    actsThroughRole: true,
    source: "https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html#approvals-configuration-options",
  },
  {
    // Listed by the SNS guide among the event sources that need an IAM role, not the service principal, in the key policy.
    service: "codepipeline",
    policy: "kms-key",
    path: "a manual approval action notifies a topic encrypted with the key",
    conditionKeys: [],
    actsThroughRole: true,
    source: SNS_KEY_MANAGEMENT,
  },
  {
    // Regions opened since August 2022; the guide's policy names no condition, and it documents
    // no key the delivery's request carries, so none is listed (any condition fails the rule).
    service: "logdelivery.elasticloadbalancing",
    policy: "s3-bucket",
    path: "Elastic Load Balancing delivers a load balancer's access or connection logs to the bucket",
    conditionKeys: [],
    documentsNoKeys: true,
    source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
  },
];

/**
 * `events.amazonaws.com` (or `.amazonaws.com.cn`) → `events`, `logdelivery.elasticloadbalancing.amazonaws.com`
 * → `logdelivery.elasticloadbalancing`; undefined for anything else (an expression, `*`).
 */
export function serviceOfPrincipal(identifier: string): string | undefined {
  return /^([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.amazonaws\.com(\.cn)?$/.exec(identifier)?.[1];
}

export function servicePrincipalPath(service: string, policy: ResourcePolicyKind): ServicePrincipalPath | undefined {
  return SERVICE_PRINCIPAL_PATHS.find((entry) => entry.service === service && entry.policy === policy);
}

/** Whether the service's request on this path carries `conditionKey` (IAM compares keys case-insensitively). */
export function carriesConditionKey(entry: ServicePrincipalPath, conditionKey: string): boolean {
  return entry.conditionKeys.some((key) => key.toLowerCase() === conditionKey.toLowerCase());
}
