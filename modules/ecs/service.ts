import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AwsContext } from "../shared/aws-context";
import { serviceRole, ServiceRole, trustPolicy } from "../shared/iam";
import { FARGATE_TASK_SIZES, fargateMemoryRule } from "./constants";
import type { EcsNames } from "./names";

export interface FargateServiceProps {
  readonly aws: AwsContext;
  readonly names: EcsNames;
  /** Task CPU units and memory (MiB): a Fargate combination (FARGATE_TASK_SIZES). */
  readonly cpu: number;
  readonly memory: number;
  readonly containerPort: number;
  readonly healthCheckPath: string;
  /** The image the first task definition runs, e.g. `<repository URL>:initial`; CodeDeploy's deployments bring their own. */
  readonly image: string;
  /** ARN of the repository the execution role may pull from. */
  readonly repositoryArn: string;
  readonly desiredCount: number;
  /** Private subnets of the tasks. */
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  /** The target group production traffic starts on, and the container's port mapping. */
  readonly targetGroupArn: string;
  /** Environment variable name → Secrets Manager secret or SSM parameter ARN. @default none */
  readonly secrets?: Record<string, string>;
  readonly logRetentionDays: number;
  /** Target tracking on average CPU between the bounds; CodeDeploy and Application Auto Scaling then own the desired count. @default none */
  readonly autoScaling?: { readonly minCapacity: number; readonly maxCapacity: number; readonly targetCpuPercent: number };
}

/**
 * The cluster (Container Insights on), the task's log group, execution and task roles, the first
 * task definition and the service under the CODE_DEPLOY deployment controller.
 *
 * Who owns what: the service's `task_definition` and `load_balancer` change only through
 * CodeDeploy deployments (UpdateService refuses them for a CODE_DEPLOY service), and its
 * `desired_count` belongs to Application Auto Scaling when scaling is on: Terraform ignores
 * them after creation. A task-definition setting change (cpu, memory, secrets) registers a new
 * revision here, which the next deployment's taskdef.json carries (README, "ECS: who owns what").
 */
export class FargateService extends Construct {
  public readonly cluster: EcsCluster;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly executionRole: ServiceRole;
  public readonly taskRole: IamRole;
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly service: EcsService;
  /** The container definition as registered, for the build's taskdef.json. */
  public readonly containerDefinition: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const { aws, names } = props;
    if (!FARGATE_TASK_SIZES[props.cpu]?.includes(props.memory)) {
      throw new Error(`FargateService: cpu ${props.cpu} with memory ${props.memory} is no Fargate task size: ${fargateMemoryRule(props.cpu)}`);
    }
    if (!Number.isInteger(props.desiredCount) || props.desiredCount < 1) {
      throw new Error(`FargateService: desiredCount must be a whole number from 1, got ${props.desiredCount}`);
    }
    const secrets = props.secrets ?? {};

    this.cluster = new EcsCluster(this, "cluster", {
      name: names.cluster,
      setting: [{ name: "containerInsights", value: "enabled" }],
    });
    this.logGroup = new CloudwatchLogGroup(this, "logs", { name: names.logGroup, retentionInDays: props.logRetentionDays });

    const secretArns = Object.values(secrets);
    const secretsManager = secretArns.filter((arn) => arn.includes(":secretsmanager:"));
    const parameters = secretArns.filter((arn) => arn.includes(":ssm:"));
    this.executionRole = serviceRole(this, {
      aws,
      idPrefix: "execution_",
      roleName: names.executionRole,
      description: `ECS pulls ${names.repository} images, writes the task's logs and reads its secrets`,
      service: "ecs-tasks",
      policyName: "pull-log-secrets",
      statements: [
        // GetAuthorizationToken has no resource type (Service Authorization Reference, Amazon ECR).
        { sid: "RegistryLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
        { sid: "PullImages", actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], resources: [props.repositoryArn] },
        { sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${this.logGroup.arn}:log-stream:*`] },
        ...(secretsManager.length > 0 ? [{ sid: "ReadSecrets", actions: ["secretsmanager:GetSecretValue"], resources: secretsManager }] : []),
        ...(parameters.length > 0 ? [{ sid: "ReadParameters", actions: ["ssm:GetParameters"], resources: parameters }] : []),
      ],
    });
    // The application's own AWS permissions start empty: grant them on this role, never on the execution role.
    this.taskRole = new IamRole(this, "task_role", {
      name: names.taskRole,
      description: `The ${names.service} application's own role (no permissions until the application needs some)`,
      assumeRolePolicy: trustPolicy(this, "task_trust", aws, "ecs-tasks").json,
    });

    this.containerDefinition = {
      name: names.containerName,
      image: props.image,
      essential: true,
      privileged: false,
      // The example service writes nothing to disk; an image that must write gets a volume, not a writable root.
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: props.containerPort, protocol: "tcp" }],
      environment: [{ name: "PORT", value: String(props.containerPort) }],
      secrets: Object.entries(secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
      // Busybox wget: in node:*-alpine images; the ALB checks the same path from outside.
      healthCheck: {
        command: ["CMD-SHELL", `wget -q -O /dev/null http://127.0.0.1:${props.containerPort}${props.healthCheckPath} || exit 1`],
        interval: 10,
        timeout: 5,
        retries: 3,
        startPeriod: 10,
      },
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": names.logGroup, "awslogs-region": aws.region, "awslogs-stream-prefix": names.containerName },
      },
    };
    this.taskDefinition = new EcsTaskDefinition(this, "task", {
      family: names.taskFamily,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memory),
      executionRoleArn: this.executionRole.role.arn,
      taskRoleArn: this.taskRole.arn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      containerDefinitions: JSON.stringify([this.containerDefinition]),
      dependsOn: [this.executionRole.policy],
    });

    const ignoreChanges = ["task_definition", "load_balancer", ...(props.autoScaling ? ["desired_count"] : [])];
    this.service = new EcsService(this, "service", {
      name: names.service,
      cluster: this.cluster.arn,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: props.desiredCount,
      launchType: "FARGATE",
      platformVersion: "LATEST",
      deploymentController: { type: "CODE_DEPLOY" },
      networkConfiguration: { subnets: props.subnetIds, securityGroups: [props.securityGroupId], assignPublicIp: false },
      loadBalancer: [{ targetGroupArn: props.targetGroupArn, containerName: names.containerName, containerPort: props.containerPort }],
      healthCheckGracePeriodSeconds: 30,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      lifecycle: { ignoreChanges },
    });

    if (props.autoScaling) {
      const { minCapacity, maxCapacity, targetCpuPercent } = props.autoScaling;
      const target = new AppautoscalingTarget(this, "scaling_target", {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: `service/${names.cluster}/${names.service}`,
        minCapacity,
        maxCapacity,
        dependsOn: [this.service],
      });
      new AppautoscalingPolicy(this, "scaling_cpu", {
        name: `${names.service}-cpu`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: targetCpuPercent,
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        },
      });
    }
  }
}
