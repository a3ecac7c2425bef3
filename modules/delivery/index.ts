import { Construct } from "constructs";
import type { DeploymentTarget } from "../server";
import { AwsContext } from "../shared/aws-context";
import { HardenedBucket } from "../shared/hardened-bucket";
import { ResourceNames } from "../shared/naming";
import { BuildProject } from "./build";
import { DeliveryPipeline } from "./pipeline";
import { InitialRevision } from "./revision";
import { PipelineSource, SourceSettings } from "./source";

/** Source, build and pipeline. */
export interface DeliverySettings {
  /** A manual approval stage before the pipeline deploys. */
  readonly requireApproval: boolean;
  /** Days the build logs are kept. */
  readonly logRetentionDays: number;
  /** Pipeline source; merges over the top-level `source`. */
  readonly source: SourceSettings;
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
}

/**
 * Delivery: the source (CodeCommit or GitHub), the CodeBuild project, the pipeline that turns a
 * push into a deployment, and the first revision uploaded to the artifact bucket.
 *
 * A composition over `scope`, not a node of its own: `source`, `build`, `pipeline` and
 * `revision` stay directly under the stack, so Terraform addresses do not depend on how the
 * code is grouped.
 */
export class Delivery {
  public readonly source: PipelineSource;
  public readonly build: BuildProject;
  public readonly pipeline: DeliveryPipeline;
  public readonly revision: InitialRevision;

  constructor(scope: Construct, props: DeliveryProps) {
    const { aws, names, settings, artifacts, target } = props;
    this.source = new PipelineSource(scope, "source", {
      settings: settings.source,
      defaultRepositoryName: names.codeCommitRepository,
      connectionName: names.sourceConnection,
    });
    this.build = new BuildProject(scope, "build", {
      aws,
      projectName: names.buildProject,
      roleName: names.buildRole,
      logGroupName: names.buildLogGroup,
      artifactBucketArn: artifacts.bucket.arn,
      logRetentionDays: settings.logRetentionDays,
    });
    this.pipeline = new DeliveryPipeline(scope, "pipeline", {
      aws,
      pipelineName: names.pipeline,
      roleName: names.pipelineRole,
      triggerRoleName: names.pipelineTriggerRole,
      triggerRuleName: names.eventRule("source-push"),
      artifactBucketName: artifacts.bucket.bucket,
      artifactBucketArn: artifacts.bucket.arn,
      source: this.source,
      buildProjectName: this.build.project.name,
      buildProjectArn: this.build.project.arn,
      ...target,
      requireApproval: settings.requireApproval,
    });
    this.revision = new InitialRevision(scope, "revision", {
      bundleDirectory: props.initialRevisionDirectory,
      bucketName: artifacts.bucket.bucket,
      dependsOn: artifacts.objectSettings,
    });
  }
}
