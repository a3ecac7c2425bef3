import { Construct } from "constructs";
import { Fn } from "cdktf";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { CodepipelineStageAction } from "@cdktf/provider-aws/lib/codepipeline";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { RevisionSource, StartRule } from "./source";

/** Where an environment stands in the release order (`environments` in the configuration, in order). */
export interface ReleaseNeighbour {
  readonly name: string;
  readonly region: string;
  /** The neighbour's artifact bucket (hand-off location) and alarm names follow from these. */
  readonly stem: string;
  readonly artifactBucketName: (accountId: string) => string;
  readonly releaseHealthAlarmName: string;
}

export interface ReleasePosition {
  /** The environment whose pipeline promotes revisions to this one; none for the first, which builds. */
  readonly previous?: ReleaseNeighbour;
  /** The environment this one promotes to after a healthy deployment; none for the last. */
  readonly next?: ReleaseNeighbour;
}

/** The position of each environment in the configured order: the first builds, each promotes to the next. */
export function releaseChain<T extends { name: string; region: string; names: { stem: string; releaseHealthAlarm: string; artifactBucket(accountId: string): string } }>(
  environments: readonly T[],
): ReleasePosition[] {
  const neighbour = (env: T | undefined): ReleaseNeighbour | undefined =>
    env && {
      name: env.name,
      region: env.region,
      stem: env.names.stem,
      artifactBucketName: (accountId) => env.names.artifactBucket(accountId),
      releaseHealthAlarmName: env.names.releaseHealthAlarm,
    };
  return environments.map((_, index) => ({ previous: neighbour(environments[index - 1]), next: neighbour(environments[index + 1]) }));
}

export interface PromotionSourceProps {
  /** This environment's artifact bucket, where the previous environment writes the revision. */
  readonly bucketName: string;
  /** The bucket's ID (for its EventBridge notification setting). */
  readonly bucketId: string;
  readonly key: string;
  /** Name of the environment that promotes (for descriptions). */
  readonly promotedFrom: string;
}

/**
 * The source of every environment after the first: the revision the previous environment's
 * pipeline wrote to this environment's artifact bucket once it deployed it healthily. The
 * object's creation starts the pipeline through EventBridge (the bucket's EventBridge
 * notifications are turned on here), so nothing polls. A source action runs in the pipeline's
 * own region, which is why the hand-off lands in this environment's bucket (CodePipeline:
 * source actions cannot be cross-region).
 */
export class PromotionSource extends Construct implements RevisionSource {
  public readonly notification: S3BucketNotification;
  /** The pipeline's role already reads and writes its artifact bucket: nothing more is needed. */
  public readonly pipelineStatements: DataAwsIamPolicyDocumentStatement[] = [];
  public readonly startRule: StartRule;
  private readonly props: PromotionSourceProps;

  constructor(scope: Construct, id: string, props: PromotionSourceProps) {
    super(scope, id);
    this.props = props;
    this.notification = new S3BucketNotification(this, "bucket_events", { bucket: props.bucketId, eventbridge: true });
    this.startRule = {
      description: `a revision promoted from ${props.promotedFrom}`,
      roleDescription: `EventBridge: start the pipeline on a revision promoted from ${props.promotedFrom}`,
      eventPattern: Fn.jsonencode({
        source: ["aws.s3"],
        "detail-type": ["Object Created"],
        detail: { bucket: { name: [props.bucketName] }, object: { key: [props.key] } },
      }),
    };
  }

  /** `s3://<bucket>/<key>` of the hand-off object. */
  get location(): string {
    return `s3://${this.props.bucketName}/${this.props.key}`;
  }

  sourceAction(outputArtifact: string): CodepipelineStageAction {
    return {
      name: "Promoted",
      category: "Source",
      owner: "AWS",
      provider: "S3",
      version: "1",
      outputArtifacts: [outputArtifact],
      configuration: { S3Bucket: this.props.bucketName, S3ObjectKey: this.props.key, PollForSourceChanges: "false" },
    };
  }
}
