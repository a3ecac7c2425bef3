import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { Fleet } from "../fleet/fleet";
import { FleetScaling } from "../fleet/scaling";
import { ServingBounds } from "../fleet/serving-bounds";
import type { FleetSettings } from "../fleet";
import { Guardrails } from "../guardrails";
import type { NetworkAndEdge } from "../network";
import type { AwsContext } from "../shared/aws-context";
import { ResourceNames } from "../shared/naming";
import type { DeploymentConfigSetting } from "./deployment";
import { BlueGreenDeployment } from "./deployment";
import { DeploymentRoles } from "./roles";

/** The CodeDeploy EC2/on-premises blue/green deployment group. */
export interface DeploymentSettings {
  readonly deploymentConfig: DeploymentConfigSetting;
  /** Minutes the blue fleet stays up after traffic moved, for a fast manual rollback. */
  readonly terminationWaitMinutes: number;
  /** Minutes to wait for a manual traffic switch before the deployment stops; 0 switches when green is healthy. */
  readonly trafficSwitchWaitMinutes: number;
  /** Keep the blue fleet after a successful deployment (`KEEP_ALIVE`). */
  readonly keepBlueFleet: boolean;
  /** Scale-in runs the revision's stop hooks first (CodeDeploy's Auto Scaling termination hook). */
  readonly terminationHookEnabled: boolean;
}

export interface ServerPlatformProps {
  readonly aws: AwsContext;
  readonly names: ResourceNames;
  /** The environment's name (tags and the instances' settings file). */
  readonly environment: string;
  readonly fleet: FleetSettings & { readonly associatePublicIp: boolean };
  readonly deployment: DeploymentSettings;
  /** Port the application listens on (the target group's). */
  readonly appPort: number;
  /** Path the load balancer health-checks. */
  readonly healthCheckPath: string;
  /** Where the fleet lives and which target group CodeDeploy moves it in and out of. */
  readonly edge: NetworkAndEdge;
  /** The platform's two roles (created by the stack: the instance role reads the artifact bucket). */
  readonly roles: DeploymentRoles;
  /** `true` when the environment names no VPC (the region's default VPC): the reason public IPs are needed. */
  readonly defaultVpc: boolean;
  /** Seed fleet protected from `terraform destroy` (`prevent_destroy`). */
  readonly protectSeedFromDestroy: boolean;
  /** Alarms that stop and roll back a deployment. */
  readonly alarmNames: string[];
  /** Folder of the serving-bounds function (modules/fleet/functions/serving-bounds), zipped at synth. */
  readonly servingBoundsCodeDirectory: string;
  /** Days the serving-bounds function's log group keeps events. */
  readonly logRetentionDays: number;
  /** X-Ray active tracing of the serving-bounds function (production). @default false */
  readonly tracing?: boolean;
}

/** What a delivery pipeline deploys to, whatever the compute platform. */
export interface DeploymentTarget {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly deploymentConfigName: string;
}

/**
 * The CodeDeploy EC2/on-premises ("Server") compute platform: the launch-template fleet whose seed
 * Auto Scaling group CodeDeploy copies on every deployment, and the blue/green deployment group.
 * The roles come in through props: the stack creates them beside the artifact bucket their
 * instance role reads.
 *
 * A composition over `scope`, not a node of its own: `fleet` and `deployment` stay directly
 * under the stack, so Terraform addresses do not depend on how the code is grouped.
 */
export class ServerPlatform {
  public readonly fleet: Fleet;
  public readonly deployment: BlueGreenDeployment;
  public readonly target: DeploymentTarget;
  /** Scaling of the serving group; absent when the environment has fixed capacity. */
  public readonly scaling?: FleetScaling;
  /** The configured bounds on CodeDeploy's serving copy; absent when scheduled actions own the bounds. */
  public readonly servingBounds?: ServingBounds;

  constructor(scope: Construct, props: ServerPlatformProps) {
    const { names, fleet: settings, edge, roles } = props;
    this.fleet = new Fleet(scope, "fleet", {
      launchTemplateName: names.launchTemplate,
      seedGroupName: names.seedAutoScalingGroup,
      seedGenerationParameterName: names.seedGenerationParameter,
      replacementGroupPrefix: names.codeDeployFleetPrefix,
      instanceType: settings.instanceType,
      subnetIds: edge.network.fleetSubnetIds,
      securityGroupId: edge.securityGroups.appGroup.id,
      instanceProfileArn: roles.instanceProfile.arn,
      targetGroupArn: edge.loadBalancer.targetGroup.arn,
      targetGroupName: names.targetGroup,
      minSize: settings.minSize,
      maxSize: settings.maxSize,
      desiredCapacity: settings.desiredCapacity,
      appPort: props.appPort,
      healthCheckPath: props.healthCheckPath,
      appName: names.appName,
      environment: props.environment,
      parameterPath: names.parameterPath,
      healthCheckGracePeriodSeconds: settings.healthCheckGracePeriodSeconds,
      associatePublicIp: settings.associatePublicIp,
      image: settings.ami,
      bootstrap: settings.bootstrap,
      instanceLogGroupPrefix: settings.instanceLogs.enabled ? names.instanceLogGroupPrefix : undefined,
      rootVolume: settings.rootVolume,
      protectSeedFromDestroy: props.protectSeedFromDestroy,
      capacityOwnedByScaling: capacityOwnedByScaling(settings.scaling),
      seedDependsOn: roles.instancePermissions,
    });
    if (settings.associatePublicIp) {
      Guardrails.suppress(
        this.fleet,
        "EC2-NO-PUBLIC-IP",
        (props.defaultVpc ? "the default VPC has no NAT gateway" : "associatePublicIp is set: the environment's subnets have no NAT route") +
          ", so instances need a public address to reach the CodeDeploy agent bucket, SSM and package mirrors; their security group admits only the load balancer",
      );
    }
    this.deployment = new BlueGreenDeployment(scope, "deployment", {
      applicationName: names.codeDeployApplication,
      deploymentGroupName: names.deploymentGroup,
      customDeploymentConfigName: names.customDeploymentConfig,
      serviceRoleArn: roles.codeDeployRole.arn,
      autoscalingGroups: this.fleet.deploymentGroupFleet,
      dependsOn: [this.fleet.seedGroup, ...roles.codeDeployPermissions],
      replaceTriggeredBy: [this.fleet.seedGeneration],
      targetGroupName: edge.loadBalancer.targetGroup.name,
      deploymentConfig: props.deployment.deploymentConfig,
      terminationWaitMinutes: props.deployment.terminationWaitMinutes,
      trafficSwitchWaitMinutes: props.deployment.trafficSwitchWaitMinutes,
      keepBlueFleet: props.deployment.keepBlueFleet,
      terminationHookEnabled: props.deployment.terminationHookEnabled,
      alarmNames: props.alarmNames,
    });
    if (settings.scaling) {
      this.scaling = new FleetScaling(scope, "scaling", {
        groupNames: servingGroups(this.fleet, this.deployment, names.seedAutoScalingGroup),
        dependsOn: [this.fleet.seedGroup],
        requestCountResourceLabel: `${edge.loadBalancer.loadBalancer.arnSuffix}/${edge.loadBalancer.targetGroup.arnSuffix}`,
        settings: settings.scaling,
      });
    }
    // Scheduled actions own the bounds (and the seed ignores their drift): nothing to push then.
    const owned = capacityOwnedByScaling(settings.scaling) ?? [];
    if (!owned.includes("min_size")) {
      this.servingBounds = new ServingBounds(scope, "serving_bounds", {
        aws: props.aws,
        functionName: names.servingBoundsFunction,
        codeDirectory: props.servingBoundsCodeDirectory,
        roleName: names.servingBoundsFunction,
        input: {
          applicationName: names.codeDeployApplication,
          deploymentGroupName: names.deploymentGroup,
          seedGroupName: names.seedAutoScalingGroup,
          copyPrefix: names.codeDeployFleetPrefix,
          minSize: settings.minSize,
          maxSize: settings.maxSize,
          ...(owned.includes("desired_capacity") ? {} : { desiredCapacity: settings.desiredCapacity }),
        },
        dependsOn: [this.deployment.deploymentGroup],
        tracing: props.tracing,
        logRetentionDays: props.logRetentionDays,
      });
    }
    this.target = {
      applicationName: this.deployment.application.name,
      deploymentGroupName: this.deployment.deploymentGroup.deploymentGroupName,
      deploymentConfigName: this.deployment.deploymentConfigName,
    };
  }
}


/**
 * The group that serves, as far as a plan can know it: the seed while Terraform owns it;
 * afterwards the copy the deployment group names (CodeDeploy repoints that list when a
 * deployment succeeds, so during a deployment it still names the blue fleet, and after a
 * rollback the survivor), restricted to copies that exist, so a deleted fleet is never named.
 */
function servingGroups(fleet: Fleet, deployment: BlueGreenDeployment, seedName: string): string[] {
  const listed = Fn.setintersection(deployment.deploymentGroup.autoscalingGroups, [fleet.replacementGroups]);
  return Token.asList(Fn.conditional(fleet.seedManaged, Fn.tolist([seedName]), Fn.tolist(listed)));
}

/** Target tracking owns the desired capacity; scheduled actions also own the bounds. */
function capacityOwnedByScaling(scaling: FleetSettings["scaling"]): Array<"desired_capacity" | "min_size" | "max_size"> | undefined {
  if (!scaling) return undefined;
  return (scaling.scheduledActions ?? []).length > 0 ? ["desired_capacity", "min_size", "max_size"] : ["desired_capacity"];
}
