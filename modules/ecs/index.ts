import { Construct } from "constructs";
import { Guardrails } from "../guardrails";
import type { AccessLogSettings } from "../network";
import { loadBalancerLogs } from "../network/access-logs";
import { Network } from "../network/network";
import { AwsContext } from "../shared/aws-context";
import { ResourceNames } from "../shared/naming";
import type { EcsDeploymentConfigSetting } from "./constants";
import { EcsBlueGreenDeployment } from "./deployment";
import { LifecycleHooks, HookEvent } from "./hooks";
import { EcsNames } from "./names";
import { ImageRepository } from "./registry";
import { FargateService } from "./service";
import { EcsTraffic } from "./traffic";

/** The `ecs` block of an environment (modules/config/ecs.ts holds its schema and defaults). */
export interface EcsSettings {
  /** Task CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384. */
  readonly cpu: number;
  /** Task memory in MiB; a size Fargate offers with `cpu`. */
  readonly memory: number;
  readonly containerPort: number;
  /** Tasks the service runs (the starting point when autoScaling is set). */
  readonly desiredCount: number;
  /** Images the repository keeps. */
  readonly imageRetentionCount: number;
  /** Private subnets (with a NAT route) of the tasks and the hooks. Required for an ecs environment. */
  readonly taskSubnetIds?: string[];
  readonly testListenerPort: number;
  /** Who may reach the test listener: the NAT gateways' public IPs at least. */
  readonly testListenerCidrs: string[];
  readonly deploymentConfig: EcsDeploymentConfigSetting;
  /** Minutes the original task set stays up after traffic moved. */
  readonly terminationWaitMinutes: number;
  /** Environment variable → Secrets Manager secret / SSM parameter ARN. */
  readonly secrets: Record<string, string>;
  /** Target-tracking scaling on CPU. @default none: desiredCount tasks */
  readonly autoScaling?: { readonly minCapacity: number; readonly maxCapacity: number; readonly targetCpuPercent: number };
  /** Also run the smoke test as the BeforeAllowTraffic hook. */
  readonly beforeAllowTrafficHook: boolean;
}

export interface EcsPlatformProps {
  readonly aws: AwsContext;
  readonly names: ResourceNames;
  readonly settings: EcsSettings;
  readonly vpcId: string;
  /** Public subnets of the load balancer. */
  readonly subnetIds: string[];
  readonly ingressCidrs: string[];
  readonly healthCheckPath: string;
  readonly certificateArn?: string;
  readonly deletionProtection: boolean;
  readonly deregistrationDelaySeconds: number;
  readonly logRetentionDays: number;
  /** Folder of the lifecycle hook code (modules/ecs/functions). */
  readonly hookCodeDirectory: string;
  /** The load balancer's access logs, as for EC2 (on by default in prod). @default no logs */
  readonly accessLogs?: AccessLogSettings;
  /** X-Ray tracing of the hook functions (production). @default false */
  readonly tracing?: boolean;
}

/**
 * The ECS compute platform of one environment, as AWS CDK's aws-codedeploy pairs an ECS
 * deployment group with its service: registry, network edge with the two target groups and
 * listeners, Fargate service, hook functions. `deploy(alarms)` adds the CodeDeploy application and
 * deployment group once the alarms exist (they watch the target groups created here).
 *
 * A composition over `scope`: constructs `network`, `registry`, `traffic`, `service`, `hooks`,
 * `deployment` sit directly under the stack.
 */
export class EcsPlatform {
  public readonly names: EcsNames;
  public readonly network: Network;
  public readonly registry: ImageRepository;
  public readonly traffic: EcsTraffic;
  public readonly service: FargateService;
  public readonly hooks: LifecycleHooks;
  private readonly scope: Construct;
  private readonly props: EcsPlatformProps;

  constructor(scope: Construct, props: EcsPlatformProps) {
    const { aws, settings } = props;
    const names = (this.names = new EcsNames(props.names));
    this.scope = scope;
    this.props = props;
    if (!settings.taskSubnetIds) throw new Error("EcsPlatform: settings.taskSubnetIds must list the tasks' private subnets");

    this.network = new Network(scope, "network", { vpcId: props.vpcId, subnetIds: props.subnetIds });
    this.registry = new ImageRepository(scope, "registry", {
      name: names.repository,
      keepImages: settings.imageRetentionCount,
      forceDelete: !props.deletionProtection,
    });
    // As for EC2 (modules/network): the bucket first, so the load balancer waits for its policy.
    const logs =
      props.accessLogs &&
      loadBalancerLogs(scope, { aws, bucketName: props.names.loadBalancerLogBucket(aws.accountId), settings: props.accessLogs, deletionProtection: props.deletionProtection });
    this.traffic = new EcsTraffic(scope, "traffic", {
      logs: logs?.target,
      loadBalancerName: props.names.loadBalancer,
      blueTargetGroupName: names.blueTargetGroup,
      greenTargetGroupName: names.greenTargetGroup,
      loadBalancerGroupName: props.names.albSecurityGroup,
      taskGroupName: names.taskSecurityGroup,
      vpcId: this.network.vpcId,
      subnetIds: this.network.subnetIds,
      subnetPrecondition: this.network.spansTwoZonesCondition,
      ingressCidrs: props.ingressCidrs,
      testListenerPort: settings.testListenerPort,
      testListenerCidrs: settings.testListenerCidrs,
      containerPort: settings.containerPort,
      healthCheckPath: props.healthCheckPath,
      certificateArn: props.certificateArn,
      deletionProtection: props.deletionProtection,
      deregistrationDelaySeconds: props.deregistrationDelaySeconds,
    });
    if (!props.certificateArn) {
      Guardrails.suppress(
        this.traffic,
        "ALB-HTTP-REDIRECT",
        "no certificateArn is configured for this environment, so there is no HTTPS to redirect to; setting one makes port 80 redirect and the test listener HTTPS",
      );
    }
    this.service = new FargateService(scope, "service", {
      aws,
      names,
      cpu: settings.cpu,
      memory: settings.memory,
      containerPort: settings.containerPort,
      healthCheckPath: props.healthCheckPath,
      image: `${this.registry.repository.repositoryUrl}:initial`,
      repositoryArn: this.registry.repository.arn,
      desiredCount: settings.desiredCount,
      subnetIds: settings.taskSubnetIds,
      securityGroupId: this.traffic.taskGroup.id,
      targetGroupArn: this.traffic.blueTargetGroup.arn,
      secrets: settings.secrets,
      logRetentionDays: props.logRetentionDays,
      autoScaling: settings.autoScaling,
    });
    const events: HookEvent[] = settings.beforeAllowTrafficHook ? ["AfterAllowTestTraffic", "BeforeAllowTraffic"] : ["AfterAllowTestTraffic"];
    this.hooks = new LifecycleHooks(scope, "hooks", {
      aws,
      names,
      codeDirectory: props.hookCodeDirectory,
      deploymentGroupArn: aws.deploymentGroupArn(props.names.codeDeployApplication, props.names.deploymentGroup),
      testUrl: this.traffic.testUrl,
      smokeTestPath: props.healthCheckPath,
      testListenerPort: settings.testListenerPort,
      vpcId: this.network.vpcId,
      subnetIds: settings.taskSubnetIds,
      logRetentionDays: props.logRetentionDays,
      events,
      tracing: props.tracing,
    });
  }

  /** The CodeDeploy application and blue/green deployment group (construct `deployment`), stopped and rolled back by `alarms`. */
  deploy(alarms: { readonly names: string[]; readonly arns: string[] }): EcsBlueGreenDeployment {
    const { aws, names, settings } = this.props;
    return new EcsBlueGreenDeployment(this.scope, "deployment", {
      aws,
      applicationName: names.codeDeployApplication,
      deploymentGroupName: names.deploymentGroup,
      roleName: names.codeDeployServiceRole,
      customDeploymentConfigName: this.names.customDeploymentConfig,
      deploymentConfig: settings.deploymentConfig,
      clusterName: this.service.cluster.name,
      serviceName: this.service.service.name,
      serviceArn: this.service.service.id,
      productionListenerArn: this.traffic.productionListener.arn,
      testListenerArn: this.traffic.testListener.arn,
      targetGroupNames: [this.traffic.blueTargetGroup.name, this.traffic.greenTargetGroup.name],
      taskRoleArns: [this.service.executionRole.role.arn, this.service.taskRole.arn],
      terminationWaitMinutes: settings.terminationWaitMinutes,
      alarmNames: alarms.names,
      alarmArns: alarms.arns,
      hookFunctionArns: this.hooks.functionArns,
    });
  }
}
