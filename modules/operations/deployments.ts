import {
  BatchGetDeploymentsCommand,
  BatchGetDeploymentTargetsCommand,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  DeploymentInfo,
  DeploymentStatus,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  InstanceTarget,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  RevisionLocation,
  S3Location,
  StopDeploymentCommand,
} from "@aws-sdk/client-codedeploy";
import { ListActionExecutionsCommand } from "@aws-sdk/client-codepipeline";
import type { ResourceNames } from "../shared/naming";
import type { AwsClients } from "./clients";

/**
 * What the commands ask CodeDeploy (and CodePipeline for the latest build) about one
 * environment's deployment group. Application and group names come from ResourceNames.
 */

/** Statuses of a deployment that has not ended (DeploymentStatus in the CodeDeploy API). */
export const ACTIVE_STATUSES: DeploymentStatus[] = ["Created", "Queued", "InProgress", "Baking", "Ready"];
/** BatchGetDeployments and BatchGetDeploymentTargets accept at most 25 IDs per call (CodeDeploy API reference). */
const BATCH_LIMIT = 25;
/** Creation-time windows `recent` reads, going back from now; undefined: everything before. */
const RECENT_WINDOWS_DAYS = [1, 7, 30, 365, undefined];

export class Deployments {
  constructor(
    private readonly clients: AwsClients,
    private readonly names: ResourceNames,
  ) {}

  private get group() {
    return { applicationName: this.names.codeDeployApplication, deploymentGroupName: this.names.deploymentGroup };
  }

  /** Deployment IDs of the group (in the order CodeDeploy lists them: undocumented), up to `limit`. */
  async listIds(limit: number, statuses?: DeploymentStatus[], createTimeRange?: { start?: Date; end?: Date }): Promise<string[]> {
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.clients.codedeploy.send(
        new ListDeploymentsCommand({ ...this.group, includeOnlyStatuses: statuses, createTimeRange, nextToken }),
      );
      ids.push(...(page.deployments ?? []));
      nextToken = page.nextToken;
    } while (nextToken && ids.length < limit);
    return ids.slice(0, limit);
  }

  /**
   * Full records of the last `limit` deployments (optionally only some statuses), newest first.
   * ListDeployments documents no order, so this reads whole creation-time windows going back
   * (a day, a week, a month, a year, all time) until it has `limit`, and sorts by createTime.
   */
  async recent(limit: number, statuses?: DeploymentStatus[], now: Date = new Date()): Promise<DeploymentInfo[]> {
    const found = new Map<string, DeploymentInfo>();
    let end: Date | undefined;
    for (const days of RECENT_WINDOWS_DAYS) {
      const start = days === undefined ? undefined : new Date(now.getTime() - days * 86_400_000);
      const ids = (await this.listIds(Infinity, statuses, start || end ? { start, end } : undefined)).filter((id) => !found.has(id));
      for (let i = 0; i < ids.length; i += BATCH_LIMIT) {
        const page = await this.clients.codedeploy.send(new BatchGetDeploymentsCommand({ deploymentIds: ids.slice(i, i + BATCH_LIMIT) }));
        for (const info of page.deploymentsInfo ?? []) if (info.deploymentId) found.set(info.deploymentId, info);
      }
      if (found.size >= limit) break;
      end = start;
    }
    return [...found.values()].sort((a, b) => (b.createTime?.getTime() ?? 0) - (a.createTime?.getTime() ?? 0)).slice(0, limit);
  }

  async get(deploymentId: string): Promise<DeploymentInfo> {
    const { deploymentInfo } = await this.clients.codedeploy.send(new GetDeploymentCommand({ deploymentId }));
    if (!deploymentInfo) throw new Error(`CodeDeploy returned no deployment for ${deploymentId}`);
    return deploymentInfo;
  }

  /** The running deployment, if any (a group runs at most one at a time). */
  async running(): Promise<DeploymentInfo | undefined> {
    const [id] = await this.listIds(1, ACTIVE_STATUSES);
    return id ? this.get(id) : undefined;
  }

  /** The running deployment, or else the most recent one. */
  async current(): Promise<DeploymentInfo | undefined> {
    return (await this.running()) ?? (await this.recent(1))[0];
  }

  /** Every instance of the deployment with its label (Blue/Green) and lifecycle events. */
  async instances(deploymentId: string): Promise<InstanceTarget[]> {
    const targetIds: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.clients.codedeploy.send(new ListDeploymentTargetsCommand({ deploymentId, nextToken }));
      targetIds.push(...(page.targetIds ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const targets: InstanceTarget[] = [];
    for (let i = 0; i < targetIds.length; i += BATCH_LIMIT) {
      const page = await this.clients.codedeploy.send(
        new BatchGetDeploymentTargetsCommand({ deploymentId, targetIds: targetIds.slice(i, i + BATCH_LIMIT) }),
      );
      for (const target of page.deploymentTargets ?? []) if (target.instanceTarget) targets.push(target.instanceTarget);
    }
    return targets;
  }

  /** Names of the alarms that stop and roll back the group's deployments. */
  async alarmNames(): Promise<string[]> {
    const { deploymentGroupInfo } = await this.clients.codedeploy.send(new GetDeploymentGroupCommand(this.group));
    return (deploymentGroupInfo?.alarmConfiguration?.alarms ?? []).flatMap((alarm) => (alarm.name ? [alarm.name] : []));
  }

  async create(revision: RevisionLocation, description: string): Promise<string> {
    const { deploymentId } = await this.clients.codedeploy.send(new CreateDeploymentCommand({ ...this.group, revision, description }));
    if (!deploymentId) throw new Error("CodeDeploy accepted the deployment but returned no deployment ID");
    return deploymentId;
  }

  /** StopDeployment with autoRollbackEnabled: traffic goes back to (or stays on) the original fleet. */
  async stopWithRollback(deploymentId: string): Promise<{ status?: string; statusMessage?: string }> {
    return this.clients.codedeploy.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }));
  }

  /** ContinueDeployment with READY_WAIT: start rerouting traffic to the replacement fleet now. */
  async switchTraffic(deploymentId: string): Promise<void> {
    await this.clients.codedeploy.send(new ContinueDeploymentCommand({ deploymentId, deploymentWaitType: "READY_WAIT" }));
  }

  /**
   * The revision to roll back to: the one of the last successful deployment that differs from the
   * revision serving now (the newest successful deployment's), or of `deploymentId` when given.
   */
  async rollbackTarget(deploymentId?: string): Promise<{ from: DeploymentInfo; revision: RevisionLocation } | undefined> {
    if (deploymentId) {
      const chosen = await this.get(deploymentId);
      if (chosen.status !== "Succeeded" || !chosen.revision) return undefined;
      return { from: chosen, revision: chosen.revision };
    }
    const succeeded = await this.recent(50, ["Succeeded"]);
    const [serving, ...earlier] = succeeded;
    if (!serving) return undefined;
    const previous = earlier.find((info) => info.revision && revisionKey(info.revision) !== revisionKey(serving.revision));
    return previous?.revision ? { from: previous, revision: previous.revision } : undefined;
  }

  /**
   * The output artifact of the newest successful Build action of the environment's pipeline: the
   * bundle CodeBuild produced (CodePipeline artifacts are zip files in the artifact bucket).
   */
  async latestBuild(): Promise<{ revision: RevisionLocation; built: Date | undefined; pipelineExecutionId?: string } | undefined> {
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.clients.codepipeline.send(
        new ListActionExecutionsCommand({ pipelineName: this.names.pipeline, nextToken, maxResults: 100 }),
      );
      const builds = (page.actionExecutionDetails ?? [])
        .filter((action) => action.input?.actionTypeId?.category === "Build" && action.status === "Succeeded")
        .sort((a, b) => (b.lastUpdateTime?.getTime() ?? 0) - (a.lastUpdateTime?.getTime() ?? 0));
      for (const build of builds) {
        const location = build.output?.outputArtifacts?.find((artifact) => artifact.s3location?.bucket && artifact.s3location.key)?.s3location;
        if (location?.bucket && location.key) {
          return {
            revision: s3Revision({ bucket: location.bucket, key: location.key, bundleType: "zip" }),
            built: build.lastUpdateTime,
            pipelineExecutionId: build.pipelineExecutionId,
          };
        }
      }
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken && pages < 5);
    return undefined;
  }
}

export function s3Revision(location: S3Location): RevisionLocation {
  return { revisionType: "S3", s3Location: location };
}

/**
 * `s3://bucket/key` → an S3 revision; the bundle type from the key's extension (zip, tar, tgz),
 * as create-deployment expects it. @throws Error naming the expected form
 */
export function parseS3Revision(url: string): RevisionLocation {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(url);
  if (!match) throw new Error(`"${url}" is not an S3 URL of the form s3://<bucket>/<key>.zip`);
  const [, bucket, key] = match;
  const bundleType = /\.zip$/i.test(key) ? "zip" : /\.(tgz|tar\.gz)$/i.test(key) ? "tgz" : /\.tar$/i.test(key) ? "tar" : undefined;
  if (!bundleType) throw new Error(`"${url}": the revision must be a .zip, .tar or .tar.gz/.tgz bundle (CodeDeploy bundle types)`);
  return s3Revision({ bucket, key, bundleType });
}

/** `s3://bucket/key` (with the version when pinned), or the revision type for non-S3 revisions. */
export function describeRevision(revision: RevisionLocation | undefined): string {
  const s3 = revision?.s3Location;
  if (s3?.bucket && s3.key) return `s3://${s3.bucket}/${s3.key}${s3.version ? `?versionId=${s3.version}` : ""}`;
  return revision?.revisionType ?? "(unknown revision)";
}

function revisionKey(revision: RevisionLocation | undefined): string {
  const s3 = revision?.s3Location;
  return `${describeRevision(revision)}#${s3?.eTag ?? ""}`;
}
