import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
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

/** A stack-created deployment config: the share of the fleet that must stay healthy. */
export interface MinimumHealthyHostsConfig {
  readonly minimumHealthyHostsPercent: number;
}
export type DeploymentConfigSetting = PredefinedDeploymentConfig | MinimumHealthyHostsConfig;

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

  /** The production target group CodeDeploy moves the fleets in and out of. */
  readonly targetGroupName: string;
  /** A predefined EC2 config or the minimum share of healthy hosts for a stack-created one. */
  readonly deploymentConfig: DeploymentConfigSetting;
  /** Minutes the blue fleet keeps running after the traffic moved, then is terminated. */
  readonly terminationWaitMinutes: number;
  /** Alarms that stop and roll back a running deployment. */
  readonly alarmNames: string[];
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
    if (!Number.isInteger(props.terminationWaitMinutes) || props.terminationWaitMinutes < 0 || props.terminationWaitMinutes > 2880) {
      throw new Error(`BlueGreenDeployment: terminationWaitMinutes must be a whole number from 0 to 2880, got ${props.terminationWaitMinutes}`);
    }

    this.application = new CodedeployApp(this, "application", { name: props.applicationName, computePlatform: "Server" });

    if (typeof props.deploymentConfig === "string") {
      if (!(PREDEFINED_DEPLOYMENT_CONFIGS as readonly string[]).includes(props.deploymentConfig)) {
        throw new Error(
          `BlueGreenDeployment: deploymentConfig "${props.deploymentConfig}" is not a predefined EC2 config (${PREDEFINED_DEPLOYMENT_CONFIGS.join(", ")})`,
        );
      }
      this.deploymentConfigName = props.deploymentConfig;
    } else {
      const percent = props.deploymentConfig.minimumHealthyHostsPercent;
      if (!Number.isInteger(percent) || percent < 0 || percent > 99) {
        throw new Error(`BlueGreenDeployment: minimumHealthyHostsPercent must be a whole number from 0 to 99, got ${percent}`);
      }
      this.deploymentConfigName = new CodedeployDeploymentConfig(this, "config", {
        deploymentConfigName: props.customDeploymentConfigName,
        computePlatform: "Server",
        minimumHealthyHosts: { type: "FLEET_PERCENT", value: percent },
      }).deploymentConfigName;
    }

    this.deploymentGroup = new CodedeployDeploymentGroup(this, "group", {
      appName: this.application.name,
      deploymentGroupName: props.deploymentGroupName,
      serviceRoleArn: props.serviceRoleArn,
      deploymentConfigName: this.deploymentConfigName,
      autoscalingGroups: props.autoscalingGroups,
      dependsOn: props.dependsOn,
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      loadBalancerInfo: { targetGroupInfo: [{ name: props.targetGroupName }] },
      blueGreenDeploymentConfig: {
        greenFleetProvisioningOption: { action: "COPY_AUTO_SCALING_GROUP" },
        deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
        terminateBlueInstancesOnDeploymentSuccess: {
          action: "TERMINATE",
          terminationWaitTimeInMinutes: props.terminationWaitMinutes,
        },
      },
      autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarmConfiguration: { enabled: true, alarms: props.alarmNames },
      // No SNS trigger: deployment state reaches the topic through the EventBridge rule of
      // observability/events.ts alone (one path, one message; see DeploymentEvents).
      // CodeDeploy rewrites this list to its copy after every deployment; Terraform must not
      // point it back at a group that no longer exists.
      lifecycle: { ignoreChanges: ["autoscaling_groups"] },
    });
  }
}
