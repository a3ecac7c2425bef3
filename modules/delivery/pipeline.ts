import { Construct } from "constructs";
import { Fn } from "cdktf";
import { Codepipeline, CodepipelineStage } from "@cdktf/provider-aws/lib/codepipeline";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsContext } from "../shared/aws-context";
import { serviceRole } from "../shared/iam";
import { PipelineSource } from "./source";

export interface DeliveryPipelineProps {
  readonly aws: AwsContext;
  readonly pipelineName: string;
  readonly roleName: string;
  /** Role EventBridge uses to start the pipeline on a CodeCommit push. */
  readonly triggerRoleName: string;
  /** Name of the rule that starts the pipeline on a CodeCommit push. */
  readonly triggerRuleName: string;
  readonly artifactBucketName: string;
  readonly artifactBucketArn: string;
  readonly source: PipelineSource;
  readonly buildProjectName: string;
  readonly buildProjectArn: string;
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly deploymentConfigName: string;
  /** Wait for a person to approve before deploying. @default false */
  readonly requireApproval?: boolean;
}

/**
 * Source → Build → (Approve) → Deploy: a CodePipeline (V2, queued executions, so deployments
 * never overlap) that hands each commit through CodeBuild to the blue/green deployment group.
 * Its role reaches exactly the source, the artifact bucket, the build project and this
 * application's deployment group.
 */
export class DeliveryPipeline extends Construct {
  public readonly pipeline: Codepipeline;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const { aws } = props;
    const codedeploy = `arn:${aws.partition}:codedeploy:${aws.region}:${aws.accountId}`;

    const { role, policy } = serviceRole(this, {
      aws,
      roleName: props.roleName,
      description: "CodePipeline: source, build and blue/green deploy",
      service: "codepipeline",
      policyName: "source-build-deploy",
      statements: [
        ...props.source.pipelineStatements,
        {
          sid: "ReadWriteArtifacts",
          actions: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
          resources: [`${props.artifactBucketArn}/*`],
        },
        {
          sid: "InspectArtifactBucket",
          actions: ["s3:GetBucketVersioning", "s3:GetBucketLocation"],
          resources: [props.artifactBucketArn],
        },
        { sid: "RunBuild", actions: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"], resources: [props.buildProjectArn] },
        {
          sid: "Deploy",
          actions: ["codedeploy:CreateDeployment", "codedeploy:GetDeployment"],
          resources: [`${codedeploy}:deploymentgroup:${props.applicationName}/${props.deploymentGroupName}`],
        },
        {
          sid: "RegisterRevision",
          actions: ["codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"],
          resources: [`${codedeploy}:application:${props.applicationName}`],
        },
        {
          sid: "ReadDeploymentConfig",
          actions: ["codedeploy:GetDeploymentConfig"],
          resources: [`${codedeploy}:deploymentconfig:${props.deploymentConfigName}`],
        },
      ],
    });
    this.role = role;

    const stages: CodepipelineStage[] = [
      { name: "Source", action: [props.source.sourceAction("source")] },
      {
        name: "Build",
        action: [
          {
            name: "Build",
            category: "Build",
            owner: "AWS",
            provider: "CodeBuild",
            version: "1",
            inputArtifacts: ["source"],
            outputArtifacts: ["revision"],
            configuration: { ProjectName: props.buildProjectName },
          },
        ],
      },
    ];
    if (props.requireApproval) {
      stages.push({
        name: "Approve",
        action: [
          {
            name: "Approve",
            category: "Approval",
            owner: "AWS",
            provider: "Manual",
            version: "1",
            configuration: { CustomData: `Approve the blue/green deployment to ${props.deploymentGroupName}` },
          },
        ],
      });
    }
    stages.push({
      name: "Deploy",
      action: [
        {
          name: "BlueGreen",
          category: "Deploy",
          owner: "AWS",
          provider: "CodeDeploy",
          version: "1",
          inputArtifacts: ["revision"],
          configuration: { ApplicationName: props.applicationName, DeploymentGroupName: props.deploymentGroupName },
        },
      ],
    });

    this.pipeline = new Codepipeline(this, "pipeline", {
      // CreatePipeline starts an execution at once, acting with the role: its policy comes first.
      dependsOn: [policy],
      name: props.pipelineName,
      pipelineType: "V2",
      executionMode: "QUEUED",
      roleArn: this.role.arn,
      artifactStore: [{ type: "S3", location: props.artifactBucketName }],
      stage: stages,
    });

    if (props.source.repository) {
      // CodeCommit sources do not poll: a push to the branch starts the pipeline.
      const trigger = serviceRole(this, {
        aws,
        idPrefix: "trigger_",
        roleName: props.triggerRoleName,
        description: "EventBridge: start the pipeline on a push",
        service: "events",
        policyName: "start-pipeline",
        statements: [{ sid: "StartPipeline", actions: ["codepipeline:StartPipelineExecution"], resources: [this.pipeline.arn] }],
      });
      const rule = new CloudwatchEventRule(this, "push_rule", {
        name: props.triggerRuleName,
        description: `Starts ${props.pipelineName} on a push to ${props.source.branch}`,
        eventPattern: Fn.jsonencode({
          source: ["aws.codecommit"],
          "detail-type": ["CodeCommit Repository State Change"],
          resources: [props.source.repository.arn],
          detail: { event: ["referenceCreated", "referenceUpdated"], referenceType: ["branch"], referenceName: [props.source.branch] },
        }),
      });
      new CloudwatchEventTarget(this, "push_target", {
        rule: rule.name,
        arn: this.pipeline.arn,
        roleArn: trigger.role.arn,
        dependsOn: [trigger.policy],
      });
    }
  }
}
