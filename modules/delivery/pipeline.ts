import { Construct } from "constructs";
import { Codepipeline, CodepipelineArtifactStore, CodepipelineStage, CodepipelineStageBeforeEntryCondition } from "@cdktf/provider-aws/lib/codepipeline";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AwsContext } from "../shared/aws-context";
import type { ResourceNames } from "../shared/naming";
import { serviceRole } from "../shared/iam";
import { RevisionSource } from "./source";

/** A CodePipeline CloudWatchAlarm rule's alarm: its name and region. */
export interface WatchedAlarm {
  readonly alarmName: string;
  readonly region: string;
}

/** Where a healthy deployment hands the revision on: the next environment's bucket and key. */
export interface PromotionTarget {
  /** Name of the next environment (descriptions). */
  readonly environment: string;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly key: string;
  readonly region: string;
}

/** The names a pipeline of the environment `names` takes: its own, its role's, its start rule's and that rule's role. */
export function pipelineNames(names: ResourceNames): Pick<DeliveryPipelineProps, "pipelineName" | "roleName" | "triggerRoleName" | "triggerRuleName"> {
  return { pipelineName: names.pipeline, roleName: names.pipelineRole, triggerRoleName: names.pipelineTriggerRole, triggerRuleName: names.eventRule("source-push") };
}

/** Longest WaitTime the alarm conditions accept here; CodePipeline documents none. */
export const MAX_ALARM_WAIT_MINUTES = 1440;

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
  readonly source: RevisionSource;
  /** The CodeBuild project that builds the revision; without one the source's output is deployed as is (promoted revisions). @default no Build stage */
  readonly buildProjectName?: string;
  readonly buildProjectArn?: string;
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly deploymentConfigName: string;
  /** Wait for a person to approve before deploying. @default false */
  readonly requireApproval?: boolean;
  /**
   * The previous environment's composite alarm: the stage after Source (Approve, or Deploy) is
   * not entered while it is in ALARM (entry condition, result FAIL). @default no entry condition
   */
  readonly upstreamHealth?: WatchedAlarm;
  /**
   * This environment's composite alarm, checked after Deploy succeeded (on-success condition,
   * result ROLLBACK: the stage is rolled back to the last successful execution's revision).
   * @default no on-success condition
   */
  readonly deploymentHealth?: WatchedAlarm & { readonly waitMinutes: number };
  /** Hand the deployed revision to the next environment (a Promote stage). @default none */
  readonly promoteTo?: PromotionTarget;
  /**
   * The Deploy stage's action in place of the EC2 one (provider CodeDeploy), e.g. CodeDeployToECS,
   * with what the pipeline role needs beyond CodeDeploy for it. It reads the `revision` artifact.
   * @default an EC2/on-premises CodeDeploy action
   */
  readonly deployAction?: { readonly provider: string; readonly configuration: Record<string, string>; readonly statements: DataAwsIamPolicyDocumentStatement[] };
  /**
   * A CodeBuild project that deploys the source itself, in place of the CodeDeploy action (a
   * Lambda traffic shift: CodePipeline's CodeDeploy action deploys EC2/on-premises revisions
   * only). The Deploy stage runs it on the source; there is no Build stage. @default the CodeDeploy action
   */
  readonly deployProject?: { readonly name: string; readonly arn: string };
}

/**
 * Source → (Build) → (Approve) → Deploy → (Promote): a CodePipeline (V2, queued executions, so
 * deployments never overlap) that hands each revision to the blue/green deployment group. The
 * first environment builds; later ones deploy what the previous one promoted. Stage conditions
 * (V2) keep a release from moving on while an environment alarms: the stage after Source is not
 * entered while the upstream environment is in ALARM, and a Deploy whose environment goes into
 * ALARM after success is rolled back and never promoted. Its role reaches exactly the source, the
 * artifact bucket, the build project, this deployment group, the watched alarms and the next
 * environment's hand-off location.
 */
export class DeliveryPipeline extends Construct {
  public readonly pipeline: Codepipeline;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    const { aws } = props;
    const codedeploy = `arn:${aws.partition}:codedeploy:${aws.region}:${aws.accountId}`;
    const promote = props.promoteTo;
    const crossRegion = promote !== undefined && promote.region !== aws.region;
    const watched = [props.upstreamHealth, props.deploymentHealth].filter((alarm): alarm is WatchedAlarm => alarm !== undefined);
    const wait = props.deploymentHealth?.waitMinutes;
    if (wait !== undefined && (!Number.isInteger(wait) || wait < 1 || wait > MAX_ALARM_WAIT_MINUTES)) {
      throw new Error(`DeliveryPipeline: deploymentHealth.waitMinutes must be a whole number from 1 to ${MAX_ALARM_WAIT_MINUTES}, got ${wait}`);
    }

    const codeDeployStatements = [
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
    ];
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
        ...(props.buildProjectArn
          ? [{ sid: "RunBuild", actions: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"], resources: [props.buildProjectArn] }]
          : []),
        ...(props.deployProject
          ? [{ sid: "RunDeploy", actions: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"], resources: [props.deployProject.arn] }]
          : [...codeDeployStatements, ...(props.deployAction?.statements ?? [])]),
        ...(watched.length > 0
          ? [
              // The CloudWatchAlarm condition rule reads the release-health alarms, which are
              // composite: DescribeAlarms returns composite alarms only to a grant "scoped to *"
              // (CloudWatch API Reference, DescribeAlarms), whatever resource type the Service
              // Authorization Reference lists. Scoped to the alarms' ARNs, the rule would never
              // see them. DescribeAlarms only reads.
              { sid: "ReadReleaseAlarms", actions: ["cloudwatch:DescribeAlarms"], resources: ["*"] },
            ]
          : []),
        ...(promote
          ? [
              {
                sid: "PromoteRevision",
                actions: crossRegion ? ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"] : ["s3:PutObject"],
                resources: [`${promote.bucketArn}/*`],
              },
              ...(crossRegion
                ? [{ sid: "InspectPromotionBucket", actions: ["s3:GetBucketVersioning", "s3:GetBucketLocation"], resources: [promote.bucketArn] }]
                : []),
            ]
          : []),
      ],
    });
    this.role = role;

    const build = props.buildProjectName !== undefined;
    const stages: CodepipelineStage[] = [{ name: "Source", action: [props.source.sourceAction(build ? "source" : "revision")] }];
    if (build) {
      stages.push({
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
            configuration: { ProjectName: props.buildProjectName! },
          },
        ],
      });
    }
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
        props.deployProject
          ? {
              name: "TrafficShift",
              category: "Build",
              owner: "AWS",
              provider: "CodeBuild",
              version: "1",
              inputArtifacts: ["revision"],
              configuration: { ProjectName: props.deployProject.name },
            }
          : {
              name: "BlueGreen",
              category: "Deploy",
              owner: "AWS",
              provider: props.deployAction?.provider ?? "CodeDeploy",
              version: "1",
              inputArtifacts: ["revision"],
              configuration: { ApplicationName: props.applicationName, DeploymentGroupName: props.deploymentGroupName, ...props.deployAction?.configuration },
            },
      ],
      ...(props.deploymentHealth
        ? { onSuccess: { condition: { result: "ROLLBACK", rule: [alarmRule("DeploymentHealthy", props.deploymentHealth, aws.region)] } } }
        : {}),
    });
    if (props.upstreamHealth) {
      // Entered only while the environment that promoted the revision is not alarming.
      const gate: CodepipelineStageBeforeEntryCondition = { result: "FAIL", rule: [alarmRule("UpstreamHealthy", props.upstreamHealth, aws.region)] };
      stages[1] = { ...stages[1], beforeEntry: { condition: gate } };
    }
    if (promote) {
      stages.push({
        name: "Promote",
        action: [
          {
            name: `To-${promote.environment}`,
            category: "Deploy",
            owner: "AWS",
            provider: "S3",
            version: "1",
            inputArtifacts: ["revision"],
            // A cross-region action: CodePipeline copies the artifact to the store of that region first.
            region: crossRegion ? promote.region : undefined,
            configuration: { BucketName: promote.bucketName, ObjectKey: promote.key, Extract: "false" },
          },
        ],
      });
    }
    // One store per region as soon as an action runs in another region (CreatePipeline: artifactStores).
    const artifactStore: CodepipelineArtifactStore[] = crossRegion
      ? [
          { type: "S3", location: props.artifactBucketName, region: aws.region },
          { type: "S3", location: promote!.bucketName, region: promote!.region },
        ]
      : [{ type: "S3", location: props.artifactBucketName }];

    this.pipeline = new Codepipeline(this, "pipeline", {
      // CreatePipeline starts an execution at once, acting with the role: its policy comes first.
      dependsOn: [policy],
      name: props.pipelineName,
      pipelineType: "V2",
      executionMode: "QUEUED",
      roleArn: this.role.arn,
      artifactStore,
      stage: stages,
    });

    const startRule = props.source.startRule;
    if (startRule) {
      // Sources that do not start the pipeline themselves (CodeCommit, a promoted revision in S3): EventBridge does, nothing polls.
      const trigger = serviceRole(this, {
        aws,
        idPrefix: "trigger_",
        roleName: props.triggerRoleName,
        description: startRule.roleDescription,
        service: "events",
        policyName: "start-pipeline",
        statements: [{ sid: "StartPipeline", actions: ["codepipeline:StartPipelineExecution"], resources: [this.pipeline.arn] }],
      });
      const rule = new CloudwatchEventRule(this, "push_rule", {
        name: props.triggerRuleName,
        description: `Starts ${props.pipelineName} on ${startRule.description}`,
        eventPattern: startRule.eventPattern,
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

/** A CloudWatchAlarm rule that fails while `alarm` is in ALARM (CodePipeline rule reference: CloudWatchAlarm). */
function alarmRule(name: string, alarm: WatchedAlarm & { waitMinutes?: number }, pipelineRegion: string) {
  return {
    name,
    ruleTypeId: { category: "Rule", owner: "AWS", provider: "CloudWatchAlarm", version: "1" },
    configuration: {
      AlarmName: alarm.alarmName,
      AlarmStates: "ALARM",
      ...(alarm.waitMinutes !== undefined ? { WaitTime: String(alarm.waitMinutes) } : {}),
    },
    region: alarm.region !== pipelineRegion ? alarm.region : undefined,
  };
}
