import { Construct } from "constructs";
import { ITerraformDependable, TerraformResource } from "cdktf";
import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentConfig } from "@cdktf/provider-aws/lib/codedeploy-deployment-config";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";

/** The predefined EC2/On-Premises deployment configs CodeDeploy actually has. */
export const PREDEFINED_DEPLOYMENT_CONFIGS = [
  "CodeDeployDefault.AllAtOnce",
  "CodeDeployDefault.HalfAtATime",
  "CodeDeployDefault.OneAtATime",
] as const;
export type PredefinedDeploymentConfig = (typeof PREDEFINED_DEPLOYMENT_CONFIGS)[number];

/** A stack-created deployment config: the share of the fleet that must stay healthy (`FLEET_PERCENT`). */
export interface MinimumHealthyHostsPercentConfig {
  readonly minimumHealthyHostsPercent: number;
}
/** A stack-created deployment config: the number of instances that must stay healthy (`HOST_COUNT`). */
export interface MinimumHealthyHostsCountConfig {
  readonly minimumHealthyHostsCount: number;
}
export type MinimumHealthyHostsConfig = MinimumHealthyHostsPercentConfig | MinimumHealthyHostsCountConfig;
export type DeploymentConfigSetting = PredefinedDeploymentConfig | MinimumHealthyHostsConfig;

/**
 * Longest blue-fleet termination wait: 2880 minutes (BlueInstanceTerminationOption.
 * terminationWaitTimeInMinutes, "maximum 2 days"). DeploymentReadyOption.waitTimeInMinutes has
 * no documented maximum; the wait for a manual traffic switch is held to the same two days.
 */
export const MAX_WAIT_MINUTES = 2880;

export interface BlueGreenDeploymentProps {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  /** Name of the deployment config created when `deploymentConfig` is a custom one. */
  readonly customDeploymentConfigName: string;
  readonly serviceRoleArn: string;
  /** Auto Scaling groups the group is created with; CodeDeploy keeps this list current afterwards. */
  readonly autoscalingGroups: string[];
  /**
   * Resources the group must be created after: the seed fleet, and the CodeDeploy role's
   * permissions (CreateDeploymentGroup installs a lifecycle hook on the fleet with that role).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Resources whose change re-creates the group (`replace_triggered_by`): the record of a new
   * seed, so that a group still naming a deleted copy is created again on the seed.
   * @default none
   */
  readonly replaceTriggeredBy?: TerraformResource[];

  /** The production target group CodeDeploy moves the fleets in and out of. */
  readonly targetGroupName: string;
  /** A predefined EC2 config or the minimum share of healthy hosts for a stack-created one. */
  readonly deploymentConfig: DeploymentConfigSetting;
  /** Minutes the blue fleet keeps running after the traffic moved, then is terminated (ignored with `keepBlueFleet`). */
  readonly terminationWaitMinutes: number;
  /**
   * Minutes the deployment waits, with the green fleet ready, for someone to switch the traffic
   * (`aws deploy continue-deployment`); when nobody does, the deployment stops (`STOP_DEPLOYMENT`)
   * and rolls back. 0 switches as soon as green is healthy (`CONTINUE_DEPLOYMENT`). @default 0
   */
  readonly trafficSwitchWaitMinutes?: number;
  /** Keep the blue fleet running after a successful deployment (`KEEP_ALIVE`) instead of terminating it. @default false */
  readonly keepBlueFleet?: boolean;
  /**
   * CodeDeploy installs an Auto Scaling termination lifecycle hook, so a scale-in runs the
   * revision's ApplicationStop, BeforeBlockTraffic and AfterBlockTraffic hooks first
   * (`termination_hook_enabled`). @default false (the AWS default)
   */
  readonly terminationHookEnabled?: boolean;
  /** Alarms that stop and roll back a running deployment. */
  readonly alarmNames: string[];
}

/** Every deployment group rolls back a failed deployment and one its alarms stopped (CODEDEPLOY-ROLLBACK). */
export const ROLLBACK_ON_FAILURE_AND_ALARM = { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] };

/** CodeDeploy's limit on alarms per deployment group (AlarmConfiguration.Alarms: "A maximum of 10 alarms"; AlarmsLimitExceededException). */
export const MAX_DEPLOYMENT_GROUP_ALARMS = 10;

/** The `minimum_healthy_hosts` block of a stack-created config. @throws Error when the value is out of CodeDeploy's range */
export function minimumHealthyHosts(config: MinimumHealthyHostsConfig): { type: string; value: number } {
  if ("minimumHealthyHostsCount" in config) {
    const count = config.minimumHealthyHostsCount;
    if (!Number.isInteger(count) || count < 0) {
      throw new Error(`BlueGreenDeployment: minimumHealthyHostsCount must be a whole number from 0, got ${count}`);
    }
    return { type: "HOST_COUNT", value: count };
  }
  const percent = config.minimumHealthyHostsPercent;
  if (!Number.isInteger(percent) || percent < 0 || percent > 99) {
    throw new Error(`BlueGreenDeployment: minimumHealthyHostsPercent must be a whole number from 0 to 99, got ${percent}`);
  }
  return { type: "FLEET_PERCENT", value: percent };
}

/**
 * CodeDeploy application and EC2 blue/green deployment group: copies the live Auto Scaling
 * group for every deployment, shifts the production target group to the copy, terminates the
 * blue fleet after `terminationWaitMinutes`, and rolls back on failure or alarm.
 */
export class BlueGreenDeployment extends Construct {
  public readonly application: CodedeployApp;
  public readonly deploymentGroup: CodedeployDeploymentGroup;
  /** Name of the deployment config in use, predefined or created here. */
  public readonly deploymentConfigName: string;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    if (props.alarmNames.length === 0) {
      throw new Error("BlueGreenDeployment: alarmNames must not be empty; without alarms a bad revision is never rolled back automatically");
    }
    if (props.alarmNames.length > MAX_DEPLOYMENT_GROUP_ALARMS) {
      throw new Error(
        `BlueGreenDeployment: ${props.alarmNames.length} alarms; CodeDeploy accepts at most ${MAX_DEPLOYMENT_GROUP_ALARMS} per deployment group (AlarmsLimitExceededException)`,
      );
    }
    for (const [key, value, min] of [
      ["terminationWaitMinutes", props.terminationWaitMinutes, 0],
      ["trafficSwitchWaitMinutes", props.trafficSwitchWaitMinutes ?? 0, 0],
    ] as const) {
      if (!Number.isInteger(value) || value < min || value > MAX_WAIT_MINUTES) {
        throw new Error(`BlueGreenDeployment: ${key} must be a whole number from ${min} to ${MAX_WAIT_MINUTES}, got ${value}`);
      }
    }
    const switchWait = props.trafficSwitchWaitMinutes ?? 0;

    this.application = new CodedeployApp(this, "application", { name: props.applicationName, computePlatform: "Server" });

    if (typeof props.deploymentConfig === "string") {
      if (!(PREDEFINED_DEPLOYMENT_CONFIGS as readonly string[]).includes(props.deploymentConfig)) {
        throw new Error(
          `BlueGreenDeployment: deploymentConfig "${props.deploymentConfig}" is not a predefined EC2 config (${PREDEFINED_DEPLOYMENT_CONFIGS.join(", ")})`,
        );
      }
      this.deploymentConfigName = props.deploymentConfig;
    } else {
      this.deploymentConfigName = new CodedeployDeploymentConfig(this, "config", {
        deploymentConfigName: props.customDeploymentConfigName,
        computePlatform: "Server",
        minimumHealthyHosts: minimumHealthyHosts(props.deploymentConfig),
      }).deploymentConfigName;
    }

    this.deploymentGroup = new CodedeployDeploymentGroup(this, "group", {
      appName: this.application.name,
      deploymentGroupName: props.deploymentGroupName,
      serviceRoleArn: props.serviceRoleArn,
      deploymentConfigName: this.deploymentConfigName,
      autoscalingGroups: props.autoscalingGroups,
      terminationHookEnabled: props.terminationHookEnabled === true ? true : undefined,
      dependsOn: props.dependsOn,
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      loadBalancerInfo: { targetGroupInfo: [{ name: props.targetGroupName }] },
      blueGreenDeploymentConfig: {
        greenFleetProvisioningOption: { action: "COPY_AUTO_SCALING_GROUP" },
        deploymentReadyOption:
          switchWait > 0 ? { actionOnTimeout: "STOP_DEPLOYMENT", waitTimeInMinutes: switchWait } : { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
        terminateBlueInstancesOnDeploymentSuccess: props.keepBlueFleet
          ? { action: "KEEP_ALIVE" }
          : { action: "TERMINATE", terminationWaitTimeInMinutes: props.terminationWaitMinutes },
      },
      autoRollbackConfiguration: ROLLBACK_ON_FAILURE_AND_ALARM,
      alarmConfiguration: { enabled: true, alarms: props.alarmNames },
      // No SNS trigger: deployment state reaches the topic through the EventBridge rule of
      // observability/events.ts alone (one path, one message; see DeploymentEvents).
      // CodeDeploy rewrites this list to its copy after every deployment; Terraform must not
      // point it back at a group that no longer exists.
      lifecycle: { ignoreChanges: ["autoscaling_groups"], ...replaceTriggeredBy(props.replaceTriggeredBy) },
    });
  }
}

/** `replace_triggered_by` entries: bare addresses (cdktf 0.21 writes a resource as `${…}`, which Terraform refuses there). */
function replaceTriggeredBy(resources: TerraformResource[] = []): { replaceTriggeredBy?: string[] } {
  return resources.length ? { replaceTriggeredBy: resources.map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`) } : {};
}
