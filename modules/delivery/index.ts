import { Construct } from "constructs";
import type { DeploymentTarget } from "../server";
import { AwsContext } from "../shared/aws-context";
import { HardenedBucket } from "../shared/hardened-bucket";
import { ResourceNames } from "../shared/naming";
import { BuildProject, buildProjectNames } from "./build";
import { DeliveryPipeline, pipelineNames } from "./pipeline";
import { InitialRevision } from "./revision";
import { PromotionSource, ReleasePosition } from "./promotion";
import { PipelineSource, RevisionSource, SourceSettings, sourceNames } from "./source";

/** Source, build and pipeline. */
export interface DeliverySettings {
  /** A manual approval stage before the pipeline deploys. */
  readonly requireApproval: boolean;
  /** Days the build logs are kept. */
  readonly logRetentionDays: number;
  /** Pipeline source; merges over the top-level `source`. Only the first environment in the release order reads it. */
  readonly source: SourceSettings;
  /**
   * Minutes the pipeline allows this environment's release-health alarm to leave ALARM after a
   * successful deployment before it rolls the Deploy stage back (CloudWatchAlarm rule WaitTime);
   * only then is the revision promoted. 0: no check.
   */
  readonly releaseAlarmWaitMinutes: number;
}

export interface DeliveryProps {
  readonly aws: AwsContext;
  readonly names: ResourceNames;
  readonly settings: DeliverySettings;
  /** Bucket of build artifacts and revisions. */
  readonly artifacts: HardenedBucket;
  /** The deployment group the pipeline deploys to. */
  readonly target: DeploymentTarget;
  /** Folder of the first revision, uploaded at apply time (hooks-bundle/). */
  readonly initialRevisionDirectory: string;
  /** Where the environment stands in the release order. @default alone: it builds and promotes nowhere */
  readonly release?: ReleasePosition;
  /** This environment's composite of the deployment alarms (`<stem>-release-health`). */
  readonly releaseHealthAlarm?: { readonly name: string; readonly arn: string };
}

/**
 * Delivery, build once and promote: the first environment in the release order has the source
 * (CodeCommit or GitHub) and the CodeBuild project; every later one takes the revision its
 * predecessor promoted into its artifact bucket. Each has its pipeline (deploying to its own
 * deployment group, promoting to the next environment) and the first revision uploaded to the
 * artifact bucket.
 *
 * A composition over `scope`, not a node of its own: `source`, `build`, `pipeline` and
 * `revision` stay directly under the stack, so Terraform addresses do not depend on how the
 * code is grouped.
 */
export class Delivery {
  /** The repository source (first environment), or the promoted revision (later ones). */
  public readonly source: PipelineSource | PromotionSource;
  /** The build project; only the first environment builds. */
  public readonly build?: BuildProject;
  public readonly pipeline: DeliveryPipeline;
  public readonly revision: InitialRevision;

  constructor(scope: Construct, props: DeliveryProps) {
    const { aws, names, settings, artifacts, target } = props;
    const release = props.release ?? {};
    if (release.previous) {
      this.source = new PromotionSource(scope, "source", {
        bucketName: artifacts.bucket.bucket,
        bucketId: artifacts.bucket.id,
        key: names.promotionKey,
        promotedFrom: release.previous.name,
      });
    } else {
      this.source = new PipelineSource(scope, "source", {
        settings: settings.source,
        ...sourceNames(names),
      });
      this.build = new BuildProject(scope, "build", {
        aws,
        ...buildProjectNames(names),
        artifactBucketArn: artifacts.bucket.arn,
        logRetentionDays: settings.logRetentionDays,
      });
    }
    const health = props.releaseHealthAlarm;
    const source: RevisionSource = this.source;
    this.pipeline = new DeliveryPipeline(scope, "pipeline", {
      aws,
      ...pipelineNames(names),
      artifactBucketName: artifacts.bucket.bucket,
      artifactBucketArn: artifacts.bucket.arn,
      source,
      buildProjectName: this.build?.project.name,
      buildProjectArn: this.build?.project.arn,
      ...target,
      requireApproval: settings.requireApproval,
      upstreamHealth: release.previous && {
        alarmName: release.previous.releaseHealthAlarmName,
        region: release.previous.region,
      },
      deploymentHealth:
        health && settings.releaseAlarmWaitMinutes > 0
          ? { alarmName: health.name, region: aws.region, waitMinutes: settings.releaseAlarmWaitMinutes }
          : undefined,
      promoteTo: release.next && {
        environment: release.next.name,
        bucketName: release.next.artifactBucketName(aws.accountId),
        bucketArn: `arn:${aws.partition}:s3:::${release.next.artifactBucketName(aws.accountId)}`,
        key: names.promotionKey,
        region: release.next.region,
      },
    });
    this.revision = new InitialRevision(scope, "revision", {
      bundleDirectory: props.initialRevisionDirectory,
      bucketName: artifacts.bucket.bucket,
      dependsOn: artifacts.objectSettings,
    });
  }
}
