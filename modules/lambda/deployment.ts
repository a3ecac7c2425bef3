import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentConfig } from "@cdktf/provider-aws/lib/codedeploy-deployment-config";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { MAX_DEPLOYMENT_GROUP_ALARMS, ROLLBACK_ON_FAILURE_AND_ALARM } from "../server/deployment";
import { LambdaDeploymentConfigSetting, MAX_INTERVAL_MINUTES, PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS } from "./limits";

export interface TrafficShiftingDeploymentProps {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  /** Name of the config created when `deploymentConfig` is a custom canary or linear one. */
  readonly customDeploymentConfigName: string;
  readonly serviceRoleArn: string;
  /** A predefined Lambda config, or the steps of a stack-created TimeBasedCanary / TimeBasedLinear one. */
  readonly deploymentConfig: LambdaDeploymentConfigSetting;
  /** Alarms that stop a deployment and move the alias back (1–10). */
  readonly alarmNames: string[];
  /** What the group must be created after (the CodeDeploy role's policy). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/** The `traffic_routing_config` of a stack-created Lambda config. @throws Error when a step is out of range */
export function trafficRouting(config: Exclude<LambdaDeploymentConfigSetting, string>) {
  const { type, percentage, intervalMinutes } = config;
  if (type !== "canary" && type !== "linear") throw new Error(`TrafficShiftingDeployment: deploymentConfig.type must be "canary" or "linear", got ${type}`);
  if (!Number.isInteger(percentage) || percentage < 1 || percentage > 99) {
    throw new Error(`TrafficShiftingDeployment: deploymentConfig.percentage must be a whole number from 1 to 99, got ${percentage}`);
  }
  if (!Number.isInteger(intervalMinutes) || intervalMinutes < 1 || intervalMinutes > MAX_INTERVAL_MINUTES) {
    throw new Error(`TrafficShiftingDeployment: deploymentConfig.intervalMinutes must be a whole number from 1 to ${MAX_INTERVAL_MINUTES}, got ${intervalMinutes}`);
  }
  const step = { interval: intervalMinutes, percentage };
  return type === "canary" ? { type: "TimeBasedCanary", timeBasedCanary: step } : { type: "TimeBasedLinear", timeBasedLinear: step };
}

/**
 * CodeDeploy's Lambda application and deployment group: every deployment moves the `live` alias
 * from the current to the target version by the config's steps (weighted alias routing), runs
 * the AppSpec's BeforeAllowTraffic / AfterAllowTraffic hooks, and moves the alias back on a
 * failure or when an alarm fires. There is no fleet: `deployment_style` is the only
 * BLUE_GREEN / WITH_TRAFFIC_CONTROL combination the Lambda platform accepts, and the function
 * and versions come from each deployment's AppSpec, not from the group.
 */
export class TrafficShiftingDeployment extends Construct {
  public readonly application: CodedeployApp;
  public readonly deploymentGroup: CodedeployDeploymentGroup;
  /** Name of the config in use, predefined or created here. */
  public readonly deploymentConfigName: string;

  constructor(scope: Construct, id: string, props: TrafficShiftingDeploymentProps) {
    super(scope, id);
    if (props.alarmNames.length === 0 || props.alarmNames.length > MAX_DEPLOYMENT_GROUP_ALARMS) {
      throw new Error(
        `TrafficShiftingDeployment: ${props.alarmNames.length} alarms; give 1 to ${MAX_DEPLOYMENT_GROUP_ALARMS} (without alarms a bad version is never moved back automatically; CodeDeploy accepts at most ${MAX_DEPLOYMENT_GROUP_ALARMS})`,
      );
    }
    this.application = new CodedeployApp(this, "application", { name: props.applicationName, computePlatform: "Lambda" });
    const config = props.deploymentConfig;
    if (typeof config === "string") {
      if (!(PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS as readonly string[]).includes(config)) {
        throw new Error(`TrafficShiftingDeployment: deploymentConfig "${config}" is not a predefined Lambda config (${PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS.join(", ")})`);
      }
      this.deploymentConfigName = config;
    } else {
      this.deploymentConfigName = new CodedeployDeploymentConfig(this, "config", {
        deploymentConfigName: props.customDeploymentConfigName,
        computePlatform: "Lambda",
        trafficRoutingConfig: trafficRouting(config),
      }).deploymentConfigName;
    }
    this.deploymentGroup = new CodedeployDeploymentGroup(this, "group", {
      appName: this.application.name,
      deploymentGroupName: props.deploymentGroupName,
      serviceRoleArn: props.serviceRoleArn,
      deploymentConfigName: this.deploymentConfigName,
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      autoRollbackConfiguration: ROLLBACK_ON_FAILURE_AND_ALARM,
      alarmConfiguration: { enabled: true, alarms: props.alarmNames },
      dependsOn: props.dependsOn,
    });
  }
}
