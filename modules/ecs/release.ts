import { readFileSync } from "fs";
import { Construct } from "constructs";
import type { DeliverySettings } from "../delivery";
import { BuildProject, buildProjectNames } from "../delivery/build";
import { DeliveryPipeline, pipelineNames } from "../delivery/pipeline";
import { PipelineSource, sourceNames } from "../delivery/source";
import { Guardrails } from "../guardrails";
import { AwsContext } from "../shared/aws-context";
import { HardenedBucket } from "../shared/hardened-bucket";
import { ResourceNames } from "../shared/naming";
import type { EcsBlueGreenDeployment } from "./deployment";
import type { FargateService } from "./service";

export interface EcsReleaseProps {
  readonly aws: AwsContext;
  readonly names: ResourceNames;
  readonly settings: DeliverySettings;
  /** Delete the artifact bucket with its objects on destroy. */
  readonly forceDestroy: boolean;
  /** The buildspec (modules/ecs/example-service/buildspec.yml), fixed by the stack. */
  readonly buildspecFile: string;
  readonly repositoryUrl: string;
  readonly repositoryArn: string;
  readonly service: FargateService;
  readonly deployment: EcsBlueGreenDeployment;
  /** Hook functions by lifecycle event, for the appspec. */
  readonly hookFunctionNames: Record<string, string>;
  readonly containerPort: number;
}

/**
 * An ECS environment's release chain: source (CodeCommit or GitHub, as for EC2) → a privileged
 * CodeBuild that builds and pushes the image and writes imageDetail.json, taskdef.json and
 * appspec.yaml → (approval) → CodeDeployToECS, which registers the task definition revision and
 * starts the blue/green deployment. Each ECS environment builds from its own source: images are
 * not promoted through the EC2 chain of revision bundles.
 *
 * taskdef.json is what Terraform last set (its settings: cpu, memory, roles, secrets, logging),
 * passed to the build as TASK_DEFINITION: a setting change lands with the next deployment.
 */
export class EcsRelease {
  public readonly artifacts: HardenedBucket;
  public readonly source: PipelineSource;
  public readonly build: BuildProject;
  public readonly pipeline: DeliveryPipeline;
  /** The appspec every deployment of this environment uses (`<TASK_DEFINITION>` filled in by the pipeline). */
  public readonly appspec: string;

  constructor(scope: Construct, props: EcsReleaseProps) {
    const { aws, names, settings, service, deployment } = props;
    this.artifacts = new HardenedBucket(scope, "artifacts", { bucketName: names.artifactBucket(aws.accountId), forceDestroy: props.forceDestroy });
    this.source = new PipelineSource(scope, "source", {
      settings: settings.source,
      ...sourceNames(names),
    });
    const container = service.containerDefinition;
    const taskDefinition = {
      family: service.taskDefinition.family,
      executionRoleArn: service.executionRole.role.arn,
      taskRoleArn: service.taskRole.arn,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: service.taskDefinition.cpu,
      memory: service.taskDefinition.memory,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      containerDefinitions: [{ ...container, image: "<IMAGE1_NAME>" }],
    };
    // Written out rather than through a YAML library: `version: 0.0` must stay the number AppSpec expects.
    this.appspec = [
      "version: 0.0",
      "Resources:",
      "  - TargetService:",
      "      Type: AWS::ECS::Service",
      "      Properties:",
      '        TaskDefinition: "<TASK_DEFINITION>"',
      "        LoadBalancerInfo:",
      `        ContainerName: "${container.name}"`.replace("        Cont", "          Cont"),
      `          ContainerPort: ${props.containerPort}`,
      ...(Object.keys(props.hookFunctionNames).length > 0 ? ["Hooks:", ...Object.entries(props.hookFunctionNames).map(([event, name]) => `  - ${event}: "${name}"`)] : []),
      "",
    ].join("\n");
    this.build = new BuildProject(scope, "build", {
      aws,
      ...buildProjectNames(names),
      artifactBucketArn: this.artifacts.bucket.arn,
      logRetentionDays: settings.logRetentionDays,
      privileged: true,
      buildspec: readFileSync(props.buildspecFile, "utf8"),
      environmentVariables: { REPOSITORY_URI: props.repositoryUrl, TASK_DEFINITION: JSON.stringify(taskDefinition), APPSPEC: this.appspec },
      purpose: { project: "Builds and pushes the service image; writes imageDetail.json, taskdef.json and appspec.yaml", role: "CodeBuild: build and push the service image" },
      statements: [
        // GetAuthorizationToken has no resource type (Service Authorization Reference, Amazon ECR).
        { sid: "RegistryLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
        {
          sid: "PushImages",
          actions: [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:CompleteLayerUpload",
            "ecr:DescribeImages",
            "ecr:GetDownloadUrlForLayer",
            "ecr:InitiateLayerUpload",
            "ecr:PutImage",
            "ecr:UploadLayerPart",
          ],
          resources: [props.repositoryArn],
        },
      ],
    });
    Guardrails.suppress(
      this.build.project,
      "CODEBUILD-UNPRIVILEGED",
      "this project builds the service's container image: docker build needs the Docker daemon, which CodeBuild runs only in privileged mode; it builds only this environment's source and pushes only to its repository",
    );
    this.pipeline = new DeliveryPipeline(scope, "pipeline", {
      aws,
      ...pipelineNames(names),
      artifactBucketName: this.artifacts.bucket.bucket,
      artifactBucketArn: this.artifacts.bucket.arn,
      source: this.source,
      buildProjectName: this.build.project.name,
      buildProjectArn: this.build.project.arn,
      applicationName: names.codeDeployApplication,
      deploymentGroupName: names.deploymentGroup,
      deploymentConfigName: deployment.deploymentConfigName,
      requireApproval: settings.requireApproval,
      deployAction: {
        provider: "CodeDeployToECS",
        configuration: {
          TaskDefinitionTemplateArtifact: "revision",
          TaskDefinitionTemplatePath: "taskdef.json",
          AppSpecTemplateArtifact: "revision",
          AppSpecTemplatePath: "appspec.yaml",
          Image1ArtifactName: "revision",
          Image1ContainerName: "IMAGE1_NAME",
        },
        statements: [
          // RegisterTaskDefinition names no resource type (Service Authorization Reference, Amazon ECS).
          { sid: "RegisterTaskDefinition", actions: ["ecs:RegisterTaskDefinition"], resources: ["*"] },
          {
            sid: "PassTaskRoles",
            actions: ["iam:PassRole"],
            resources: [service.executionRole.role.arn, service.taskRole.arn],
            condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: [aws.servicePrincipal("ecs-tasks")] }],
          },
        ],
      },
    });
  }
}
