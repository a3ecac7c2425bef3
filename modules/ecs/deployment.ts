import { Construct } from "constructs";
import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentConfig } from "@cdktf/provider-aws/lib/codedeploy-deployment-config";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { AwsContext } from "../shared/aws-context";
import { serviceRole, ServiceRole } from "../shared/iam";
import { MAX_DEPLOYMENT_GROUP_ALARMS } from "../server/deployment";
import {
  ECS_PREDEFINED_DEPLOYMENT_CONFIGS,
  EcsDeploymentConfigSetting,
  MAX_TERMINATION_WAIT_MINUTES,
  MAX_TRAFFIC_INTERVAL_MINUTES,
  TimeBasedTrafficConfig,
} from "./constants";

export interface EcsBlueGreenDeploymentProps {
  readonly aws: AwsContext;
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly roleName: string;
  /** Name of the config created when `deploymentConfig` is a time-based one. */
  readonly customDeploymentConfigName: string;
  readonly deploymentConfig: EcsDeploymentConfigSetting;
  readonly clusterName: string;
  readonly serviceName: string;
  /** ARN of the service (the task sets CodeDeploy creates belong to it). */
  readonly serviceArn: string;
  readonly productionListenerArn: string;
  readonly testListenerArn: string;
  /** The two target groups, blue (serving first) then green. */
  readonly targetGroupNames: readonly [string, string];
  /** Roles of the task definitions CodeDeploy registers task sets with (iam:PassRole to ECS tasks). */
  readonly taskRoleArns: string[];
  /** Minutes the original task set keeps running after traffic moved (a rollback in that time is instant). */
  readonly terminationWaitMinutes: number;
  /** Alarms that stop and roll back a deployment. */
  readonly alarmNames: string[];
  /** ARNs of alarms, for cloudwatch:DescribeAlarms. */
  readonly alarmArns: string[];
  /** Lifecycle hook functions CodeDeploy invokes (lambda:InvokeFunction). @default none */
  readonly hookFunctionArns?: string[];
}

/** CodeDeploy's `traffic_routing_config` of a time-based config. @throws Error when a value is out of range */
export function trafficRouting(config: TimeBasedTrafficConfig): Record<string, unknown> {
  if (!Number.isInteger(config.percentage) || config.percentage < 1 || config.percentage > 99) {
    throw new Error(`EcsBlueGreenDeployment: percentage must be a whole number from 1 to 99, got ${config.percentage}`);
  }
  if (!Number.isInteger(config.intervalMinutes) || config.intervalMinutes < 1 || config.intervalMinutes > MAX_TRAFFIC_INTERVAL_MINUTES) {
    throw new Error(`EcsBlueGreenDeployment: intervalMinutes must be a whole number from 1 to ${MAX_TRAFFIC_INTERVAL_MINUTES}, got ${config.intervalMinutes}`);
  }
  return config.type === "canary"
    ? { type: "TimeBasedCanary", timeBasedCanary: { percentage: config.percentage, interval: config.intervalMinutes } }
    : { type: "TimeBasedLinear", timeBasedLinear: { percentage: config.percentage, interval: config.intervalMinutes } };
}

/**
 * CodeDeploy application (compute platform ECS), its least-privilege service role, and the
 * blue/green deployment group: a deployment starts a replacement task set in the target group that
 * does not serve, points the test listener at it, runs the hooks, shifts production traffic by the
 * deployment config, and terminates the original task set after `terminationWaitMinutes`; it rolls
 * back on failure and on alarm.
 */
export class EcsBlueGreenDeployment extends Construct {
  public readonly application: CodedeployApp;
  public readonly deploymentGroup: CodedeployDeploymentGroup;
  public readonly role: ServiceRole;
  public readonly deploymentConfigName: string;
  /** `arn:…:deploymentgroup:<application>/<group>`, for hook permissions. */
  public readonly deploymentGroupArn: string;

  constructor(scope: Construct, id: string, props: EcsBlueGreenDeploymentProps) {
    super(scope, id);
    const { aws } = props;
    if (props.alarmNames.length === 0) throw new Error("EcsBlueGreenDeployment: alarmNames must not be empty; without alarms a bad revision is never rolled back automatically");
    if (props.alarmNames.length > MAX_DEPLOYMENT_GROUP_ALARMS) {
      throw new Error(`EcsBlueGreenDeployment: ${props.alarmNames.length} alarms; CodeDeploy accepts at most ${MAX_DEPLOYMENT_GROUP_ALARMS} per deployment group`);
    }
    const wait = props.terminationWaitMinutes;
    if (!Number.isInteger(wait) || wait < 0 || wait > MAX_TERMINATION_WAIT_MINUTES) {
      throw new Error(`EcsBlueGreenDeployment: terminationWaitMinutes must be a whole number from 0 to ${MAX_TERMINATION_WAIT_MINUTES}, got ${wait}`);
    }
    this.deploymentGroupArn = aws.deploymentGroupArn(props.applicationName, props.deploymentGroupName);
    const hookFunctionArns = props.hookFunctionArns ?? [];

    // The permissions of the AWS-managed AWSCodeDeployRoleForECS, each scoped to this environment
    // (the managed policy grants them on "*"; CodeDeploy User Guide, "Amazon ECS deployment prerequisites").
    this.role = serviceRole(this, {
      aws,
      roleName: props.roleName,
      description: `CodeDeploy shifts ${props.serviceName} between task sets and target groups`,
      service: "codedeploy",
      policyName: "ecs-blue-green",
      statements: [
        { sid: "DescribeService", actions: ["ecs:DescribeServices"], resources: [props.serviceArn] },
        {
          sid: "ManageTaskSets",
          actions: ["ecs:CreateTaskSet", "ecs:UpdateServicePrimaryTaskSet", "ecs:DeleteTaskSet"],
          resources: [props.serviceArn, `arn:${aws.partition}:ecs:${aws.region}:${aws.accountId}:task-set/${props.clusterName}/${props.serviceName}/*`],
        },
        {
          sid: "ReadLoadBalancing",
          actions: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules"],
          resources: ["*"],
        },
        { sid: "ShiftListeners", actions: ["elasticloadbalancing:ModifyListener"], resources: [props.productionListenerArn, props.testListenerArn] },
        { sid: "ReadAlarms", actions: ["cloudwatch:DescribeAlarms"], resources: props.alarmArns },
        ...(hookFunctionArns.length > 0 ? [{ sid: "InvokeHooks", actions: ["lambda:InvokeFunction"], resources: hookFunctionArns }] : []),
        {
          sid: "PassTaskRoles",
          actions: ["iam:PassRole"],
          resources: props.taskRoleArns,
          condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: [aws.servicePrincipal("ecs-tasks")] }],
        },
      ],
    });

    this.application = new CodedeployApp(this, "application", { name: props.applicationName, computePlatform: "ECS" });
    const config = props.deploymentConfig;
    if (typeof config === "string") {
      if (!(ECS_PREDEFINED_DEPLOYMENT_CONFIGS as readonly string[]).includes(config)) {
        throw new Error(`EcsBlueGreenDeployment: deploymentConfig "${config}" is not a predefined ECS config (${ECS_PREDEFINED_DEPLOYMENT_CONFIGS.join(", ")})`);
      }
      this.deploymentConfigName = config;
    } else {
      this.deploymentConfigName = new CodedeployDeploymentConfig(this, "config", {
        deploymentConfigName: props.customDeploymentConfigName,
        computePlatform: "ECS",
        trafficRoutingConfig: trafficRouting(config),
      }).deploymentConfigName;
    }

    this.deploymentGroup = new CodedeployDeploymentGroup(this, "group", {
      appName: this.application.name,
      deploymentGroupName: props.deploymentGroupName,
      serviceRoleArn: this.role.role.arn,
      deploymentConfigName: this.deploymentConfigName,
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      ecsService: { clusterName: props.clusterName, serviceName: props.serviceName },
      loadBalancerInfo: {
        targetGroupPairInfo: {
          prodTrafficRoute: { listenerArns: [props.productionListenerArn] },
          testTrafficRoute: { listenerArns: [props.testListenerArn] },
          targetGroup: props.targetGroupNames.map((name) => ({ name })),
        },
      },
      blueGreenDeploymentConfig: {
        // Traffic moves once the replacement task set is healthy and the test-traffic hooks passed.
        deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
        terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: wait },
      },
      autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarmConfiguration: { enabled: true, alarms: props.alarmNames },
      dependsOn: [this.role.policy],
    });
  }
}
