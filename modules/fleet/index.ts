export { Fleet, architectureOf } from "./fleet";
export type { FleetProps } from "./fleet";
export { ROOT_VOLUME_LIMITS, ROOT_VOLUME_TYPES } from "./image";
export type { MachineImageSettings, RootVolumeSettings } from "./image";
export { BOOTSTRAP_MODES } from "./user-data";
export { InstanceLogs } from "./instance-logs";
export type { BootstrapMode } from "./user-data";
export { CUSTOM_METRIC_STATISTICS, FleetScaling, SCALING_LIMITS } from "./scaling";
export type { CustomMetricTarget, FleetScalingProps, ScalingSettings, ScheduledCapacity } from "./scaling";
import type { MachineImageSettings, RootVolumeSettings } from "./image";
import type { ScalingSettings } from "./scaling";
import type { BootstrapMode } from "./user-data";
import type { ApplicationPermissions } from "../server/roles";

/** The EC2 fleet: instance type, capacity and how instances join the network. */
export interface FleetSettings {
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  /**
   * Give instances a public IP. A default VPC has no NAT gateway, so instances there need one
   * to fetch the CodeDeploy agent. @default true without `vpcId`, false with it
   */
  readonly associatePublicIp?: boolean;
  /** Seconds Auto Scaling ignores failing ELB health checks of a new instance. */
  readonly healthCheckGracePeriodSeconds: number;
  /**
   * Customer-managed KMS key (key ARN, same region) that encrypts this environment's SecureString
   * parameters: the instances may decrypt with it through SSM, for their parameter path only.
   * @default none: SecureStrings under the AWS-managed `aws/ssm` key need no grant
   */
  readonly parameterKmsKeyArn?: string;
  /**
   * The application's own permissions on the instance role: managed policies, inline statements,
   * Secrets Manager secrets, SSM parameter paths and their KMS keys. @default none
   */
  readonly instancePermissions?: ApplicationPermissions;
  /**
   * What the user data installs: `full` (httpd, Ruby, the CodeDeploy agent), `agent-only` (Ruby
   * when missing, the agent) or `none` (the image has the agent: checked and started). Without
   * httpd a placeholder answers the health check until the first deployment, then frees
   * `appPort` for the revision's own server.
   */
  readonly bootstrap: BootstrapMode;
  /**
   * The AMI: `{ id }`, `{ ssmParameter }` or `{ owners, name }` (see MachineImageSettings).
   * @default the stock Amazon Linux 2023 of the instance type's architecture
   */
  readonly ami?: MachineImageSettings;
  /**
   * The instances' logs (system, bootstrap, CodeDeploy agent, deployment scripts) shipped by the
   * CloudWatch agent to log groups `/<appName>/<env>/instances/*` of `retentionDays` (default: the
   * environment's `logRetentionDays`). See InstanceLogs and INSTANCE_LOG_FILES.
   */
  readonly instanceLogs: { readonly enabled: boolean; readonly retentionDays?: number };
  /** The encrypted root volume's size, type, IOPS and throughput. @default gp3, 16 GiB */
  readonly rootVolume?: RootVolumeSettings;
  /**
   * Target tracking and scheduled actions on whichever group serves (the seed, or CodeDeploy's
   * copy). @default none: fixed capacity
   */
  readonly scaling?: ScalingSettings;
}
