import type { DeploymentInfo, DeploymentTarget, LifecycleEvent } from "@aws-sdk/client-codedeploy";

/**
 * Response shapes as CodeDeploy returns them for an EC2 blue/green deployment group that copies
 * its Auto Scaling group (GetDeployment / BatchGetDeploymentTargets field names and values from
 * the CodeDeploy API reference; messages as the service words them).
 */
const at = (s: string) => new Date(`2026-11-30T08:${s}Z`);
const REVISION_B = { revisionType: "S3", s3Location: { bucket: "webapp-dev-artifacts-123456789012", key: "revisions/b.zip", bundleType: "zip", eTag: "bbbb" } } as const;
const REVISION_A = { revisionType: "S3", s3Location: { bucket: "webapp-dev-artifacts-123456789012", key: "revisions/a.zip", bundleType: "zip", eTag: "aaaa" } } as const;
export { REVISION_A, REVISION_B };

const base = (id: string, extra: Partial<DeploymentInfo>): DeploymentInfo => ({
  applicationName: "webapp-dev",
  deploymentGroupName: "webapp-dev",
  deploymentConfigName: "CodeDeployDefault.AllAtOnce",
  deploymentId: id,
  revision: REVISION_B,
  creator: "user",
  createTime: at("00:00"),
  deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
  targetInstances: { autoScalingGroups: ["webapp-dev-seed"] },
  ...extra,
});

export const IN_PROGRESS = base("d-INPROGRE1", {
  status: "InProgress",
  startTime: at("00:05"),
  deploymentOverview: { Pending: 0, InProgress: 1, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
  deploymentStatusMessages: [],
});

export const READY = base("d-READYWAI1", {
  status: "Ready",
  startTime: at("00:05"),
  deploymentOverview: { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 1 },
});

export const SUCCEEDED = base("d-SUCCEED01", {
  status: "Succeeded",
  startTime: at("00:05"),
  completeTime: at("09:35"),
  deploymentOverview: { Pending: 0, InProgress: 0, Succeeded: 2, Failed: 0, Skipped: 0, Ready: 0 },
  instanceTerminationWaitTimeStarted: true,
});

export const FAILED = base("d-FAILED001", {
  status: "Failed",
  startTime: at("00:05"),
  completeTime: at("07:12"),
  errorInformation: {
    code: "HEALTH_CONSTRAINTS",
    message:
      "The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems.",
  },
  deploymentOverview: { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 1, Skipped: 1, Ready: 0 },
  rollbackInfo: { rollbackDeploymentId: "d-ROLLBACK1" },
});

export const ROLLED_BACK = base("d-ROLLBACK1", {
  status: "Succeeded",
  creator: "codeDeployRollback",
  revision: REVISION_A,
  startTime: at("07:13"),
  completeTime: at("09:01"),
  deploymentOverview: { Pending: 0, InProgress: 0, Succeeded: 1, Failed: 0, Skipped: 0, Ready: 0 },
  rollbackInfo: {
    rollbackTriggeringDeploymentId: "d-FAILED001",
    rollbackMessage: "Deployment d-ROLLBACK1 is a rollback of deployment d-FAILED001.",
  },
});

export const STOPPED = base("d-STOPPED01", {
  status: "Stopped",
  startTime: at("00:05"),
  completeTime: at("03:40"),
  errorInformation: { code: "MANUAL_STOP", message: "The deployment was stopped by the user." },
  deploymentOverview: { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 1, Ready: 0 },
  rollbackInfo: { rollbackDeploymentId: "d-ROLLBACK2" },
});

const event = (name: string, status: string, from?: string, to?: string, extra: Partial<LifecycleEvent> = {}): LifecycleEvent => ({
  lifecycleEventName: name,
  status: status as LifecycleEvent["status"],
  startTime: from ? at(from) : undefined,
  endTime: to ? at(to) : undefined,
  ...extra,
});

export const VALIDATE_LOG_TAIL = [
  "[stdout]2026-11-30T08:06:58Z [ValidateService] attempt 10/10: GET http://127.0.0.1:80/health -> 503",
  "[stderr]2026-11-30T08:07:10Z [ValidateService] giving up: /health answered 503 after 10 attempts",
].join("\n");

/** The failed deployment's targets: the green copy failed ValidateService, blue untouched. */
export const FAILED_TARGETS: DeploymentTarget[] = [
  {
    deploymentTargetType: "InstanceTarget",
    instanceTarget: {
      deploymentId: "d-FAILED001",
      targetId: "i-0green0000000001",
      targetArn: "arn:aws:ec2:us-east-1:123456789012:instance/i-0green0000000001",
      status: "Failed",
      instanceLabel: "Green",
      lifecycleEvents: [
        event("BeforeBlockTraffic", "Skipped"),
        event("BlockTraffic", "Skipped"),
        event("AfterBlockTraffic", "Skipped"),
        event("ApplicationStop", "Skipped"),
        event("DownloadBundle", "Succeeded", "05:10", "05:12"),
        event("BeforeInstall", "Succeeded", "05:12", "05:20"),
        event("Install", "Succeeded", "05:20", "05:21"),
        event("AfterInstall", "Succeeded", "05:21", "05:25"),
        event("ApplicationStart", "Succeeded", "05:25", "05:27"),
        event("ValidateService", "Failed", "05:27", "07:10", {
          diagnostics: {
            errorCode: "ScriptFailed",
            scriptName: "scripts/validate_service.sh",
            message: "Script at specified location: scripts/validate_service.sh run as user ec2-user failed with exit code 1",
            logTail: VALIDATE_LOG_TAIL,
          },
        }),
        event("BeforeAllowTraffic", "Pending"),
        event("AllowTraffic", "Pending"),
        event("AfterAllowTraffic", "Pending"),
      ],
    },
  },
  {
    deploymentTargetType: "InstanceTarget",
    instanceTarget: {
      deploymentId: "d-FAILED001",
      targetId: "i-0blue00000000001",
      status: "Skipped",
      instanceLabel: "Blue",
      lifecycleEvents: [event("BeforeBlockTraffic", "Skipped"), event("BlockTraffic", "Skipped"), event("AfterBlockTraffic", "Skipped")],
    },
  },
];

/** A deployment whose traffic moved: green allowed, blue blocked, blue kept for the wait. */
export const SHIFTED_TARGETS: DeploymentTarget[] = [
  {
    deploymentTargetType: "InstanceTarget",
    instanceTarget: {
      targetId: "i-0green0000000001",
      status: "Succeeded",
      instanceLabel: "Green",
      lifecycleEvents: [event("ValidateService", "Succeeded", "05:27", "05:30"), event("AllowTraffic", "Succeeded", "05:30", "05:52")],
    },
  },
  {
    deploymentTargetType: "InstanceTarget",
    instanceTarget: {
      targetId: "i-0blue00000000001",
      status: "Succeeded",
      instanceLabel: "Blue",
      lifecycleEvents: [event("BlockTraffic", "Succeeded", "05:52", "06:24")],
    },
  },
];
