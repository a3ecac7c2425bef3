import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AwsContext } from "../shared/aws-context";
import { HardenedBucket } from "../shared/hardened-bucket";

/**
 * Elastic Load Balancing's log-delivery account per Region, for Regions that were available
 * before August 2022: their bucket policy grants `s3:PutObject` to that account. Regions opened
 * since grant the log delivery service principal instead (`LOG_DELIVERY_SERVICE`). Source: ELB
 * user guide, "Enable access logs for your Application Load Balancer", step 2 "Attach a policy to
 * your S3 bucket" (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html);
 * the same table as hashicorp/aws's `aws_elb_service_account` (internal/service/elb/service_account_data_source.go).
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-gov-west-1": "048591011584",
  "us-gov-east-1": "190560391635",
  "cn-north-1": "638102146993",
  "cn-northwest-1": "037604701340",
};

/** The principal that writes the logs in Regions opened since August 2022 (same guide, same step). */
export const LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Where the load balancer writes, under the bucket (objects land in `<prefix>/AWSLogs/<account>/…`). */
export const LOG_PREFIXES = { access: "access", connection: "connection" } as const;

export interface LoadBalancerLogsProps {
  readonly aws: AwsContext;
  readonly bucketName: string;
  /** Days a log object is kept. */
  readonly expirationDays: number;
  /** Also grant the connection-log prefix. */
  readonly connectionLogs: boolean;
  /** Let `destroy` delete the bucket with its logs (never in production). */
  readonly forceDestroy: boolean;
}

/**
 * The bucket the load balancer's access (and connection) logs go to: a HardenedBucket with SSE-S3
 * (ELB log delivery supports no SSE-KMS), current objects expiring after `expirationDays`, and a
 * policy that lets only ELB log delivery of this Region put objects, only under this account's
 * log prefixes.
 */
export function loadBalancerLogBucket(scope: Construct, id: string, props: LoadBalancerLogsProps): HardenedBucket {
  const { aws } = props;
  const account = ELB_LOG_DELIVERY_ACCOUNTS[aws.region];
  const principal = account
    ? { type: "AWS", identifiers: [`arn:${aws.partition}:iam::${account}:root`] }
    : { type: "Service", identifiers: [LOG_DELIVERY_SERVICE] };
  const prefixes = props.connectionLogs ? [LOG_PREFIXES.access, LOG_PREFIXES.connection] : [LOG_PREFIXES.access];
  const bucketArn = `arn:${aws.partition}:s3:::${props.bucketName}`;
  const statement: DataAwsIamPolicyDocumentStatement = {
    sid: "LoadBalancerLogDelivery",
    effect: "Allow",
    principals: [principal],
    actions: ["s3:PutObject"],
    resources: prefixes.map((prefix) => `${bucketArn}/${prefix}/AWSLogs/${aws.accountId}/*`),
  };
  return new HardenedBucket(scope, id, {
    bucketName: props.bucketName,
    forceDestroy: props.forceDestroy,
    encryption: "AES256",
    expirationDays: props.expirationDays,
    // Log objects are never overwritten; old versions only come from deletes.
    noncurrentVersionDays: 1,
    policyStatements: [statement],
  });
}

/** Where a load balancer writes its logs: the `logs` of LoadBalancer (EC2) and EcsTraffic (ECS). */
export interface LoadBalancerLogTarget {
  readonly bucket: string;
  readonly accessPrefix: string;
  /** @default no connection logs */
  readonly connectionPrefix?: string;
  /** What must exist before ELB checks it may write (the bucket policy). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The log bucket (construct `load_balancer_logs`) of an environment whose `accessLogs` are on, and
 * the target its load balancer writes to; undefined when they are off. One path for every platform
 * that has a load balancer.
 */
export function loadBalancerLogs(
  scope: Construct,
  props: { readonly aws: AwsContext; readonly bucketName: string; readonly settings: { readonly enabled: boolean; readonly expirationDays: number; readonly connectionLogs: boolean }; readonly deletionProtection: boolean },
): { readonly bucket: HardenedBucket; readonly target: LoadBalancerLogTarget } | undefined {
  const { settings } = props;
  if (!settings.enabled) return undefined;
  const bucket = loadBalancerLogBucket(scope, "load_balancer_logs", {
    aws: props.aws,
    bucketName: props.bucketName,
    expirationDays: settings.expirationDays,
    connectionLogs: settings.connectionLogs,
    forceDestroy: !props.deletionProtection,
  });
  return {
    bucket,
    target: {
      bucket: bucket.bucket.bucket,
      accessPrefix: LOG_PREFIXES.access,
      connectionPrefix: settings.connectionLogs ? LOG_PREFIXES.connection : undefined,
      dependsOn: [bucket.policy],
    },
  };
}

/** The `aws_lb` arguments that write access (and connection) logs to `target`; none without one. */
export function loadBalancerLogArguments(target?: LoadBalancerLogTarget) {
  if (!target) return {};
  return {
    accessLogs: { bucket: target.bucket, prefix: target.accessPrefix, enabled: true },
    ...(target.connectionPrefix ? { connectionLogs: { bucket: target.bucket, prefix: target.connectionPrefix, enabled: true } } : {}),
    dependsOn: target.dependsOn,
  };
}
