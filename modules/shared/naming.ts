/**
 * Every AWS name this project derives from `appName` and the environment name, with the
 * limit AWS enforces on it. Configuration validation checks each one, so a name that would
 * overflow fails the synth instead of the apply.
 */
/**
 * The name limits AWS documents, per Terraform resource type and name argument. The derived names
 * below are checked against them by the configuration, every literal name by the NAME-LENGTH
 * guardrail.
 */
export const AWS_NAME_LIMITS = {
  aws_lb: { name: 32, name_prefix: 6 },
  aws_alb: { name: 32, name_prefix: 6 },
  aws_lb_target_group: { name: 32, name_prefix: 6 },
  aws_alb_target_group: { name: 32, name_prefix: 6 },
  aws_iam_role: { name: 64, name_prefix: 38 },
  aws_iam_policy: { name: 128 },
  aws_iam_role_policy: { name: 128 },
  aws_iam_instance_profile: { name: 128 },
  aws_security_group: { name: 255 },
  aws_launch_template: { name: 128 },
  aws_autoscaling_group: { name: 255 },
  aws_s3_bucket: { bucket: 63, bucket_prefix: 37 },
  aws_sns_topic: { name: 256 },
  aws_cloudwatch_metric_alarm: { alarm_name: 255 },
  aws_cloudwatch_log_group: { name: 512 },
  aws_cloudwatch_event_rule: { name: 64 },
  aws_codebuild_project: { name: 255 },
  aws_codepipeline: { name: 100 },
  aws_codedeploy_app: { name: 100 },
  aws_codedeploy_deployment_group: { deployment_group_name: 100 },
  aws_codedeploy_deployment_config: { deployment_config_name: 100 },
  aws_codecommit_repository: { repository_name: 100 },
  aws_codestarconnections_connection: { name: 32 },
  aws_kms_alias: { name: 256 },
} as const;

const LIMIT = AWS_NAME_LIMITS;

export interface DerivedName {
  /** What the name is for, as shown in error messages. */
  readonly purpose: string;
  readonly value: string;
  readonly maxLength: number;
}

export class ResourceNames {
  /** `<appName>-<env>`: the stack name and the stem of every other name. */
  public readonly stem: string;

  constructor(
    public readonly appName: string,
    public readonly environment: string,
  ) {
    this.stem = `${appName}-${environment}`;
  }

  get loadBalancer(): string {
    return this.stem;
  }
  get targetGroup(): string {
    return `${this.stem}-web`;
  }
  get launchTemplate(): string {
    return this.stem;
  }
  /** The Terraform-created fleet that CodeDeploy copies on the first deployment. */
  get seedAutoScalingGroup(): string {
    return `${this.stem}-seed`;
  }
  get albSecurityGroup(): string {
    return `${this.stem}-alb`;
  }
  get appSecurityGroup(): string {
    return `${this.stem}-app`;
  }
  get codeDeployApplication(): string {
    return this.stem;
  }
  get deploymentGroup(): string {
    return this.stem;
  }
  get customDeploymentConfig(): string {
    return `${this.stem}-min-healthy`;
  }
  get codeDeployServiceRole(): string {
    return `${this.stem}-codedeploy`;
  }
  get instanceRole(): string {
    return `${this.stem}-instance`;
  }
  get notificationTopic(): string {
    return `${this.stem}-deployments`;
  }
  get notificationKeyAlias(): string {
    return `alias/${this.stem}-notifications`;
  }
  /** Bucket names are global: the account ID makes them unique (`accountId` may be a token). */
  artifactBucket(accountId: string): string {
    return `${this.stem}-artifacts-${accountId}`;
  }
  get codeCommitRepository(): string {
    return this.stem;
  }
  /** CodeStar/CodeConnections connection names are limited to 32 characters. */
  get sourceConnection(): string {
    return `${this.stem}-gh`;
  }
  get buildProject(): string {
    return `${this.stem}-build`;
  }
  get buildLogGroup(): string {
    return `/aws/codebuild/${this.buildProject}`;
  }
  get buildRole(): string {
    return `${this.stem}-codebuild`;
  }
  get pipeline(): string {
    return this.stem;
  }
  get pipelineRole(): string {
    return `${this.stem}-pipeline`;
  }
  get pipelineTriggerRole(): string {
    return `${this.stem}-pipeline-trigger`;
  }
  /** EventBridge rules are `<stem>-<suffix>`; the topic policy admits exactly this prefix. */
  eventRule(suffix: string): string {
    return `${this.stem}-${suffix}`;
  }
  alarm(suffix: string): string {
    return `${this.stem}-${suffix}`;
  }
  /** Prefix of the SSM parameters the revision's hooks may read. */
  get parameterPath(): string {
    return `/${this.appName}/${this.environment}/`;
  }
  /** Name prefix of the Auto Scaling groups CodeDeploy creates for each blue/green deployment. */
  get codeDeployFleetPrefix(): string {
    return `CodeDeploy_${this.deploymentGroup}_d-`;
  }

  /** Names with the limits AWS documents for them. */
  all(): DerivedName[] {
    const longestAlarm = this.alarm("target-response-time-p99");
    return [
      { purpose: "load balancer name", value: this.loadBalancer, maxLength: LIMIT.aws_lb.name },
      { purpose: "target group name", value: this.targetGroup, maxLength: LIMIT.aws_lb_target_group.name },
      { purpose: "launch template name", value: this.launchTemplate, maxLength: LIMIT.aws_launch_template.name },
      { purpose: "Auto Scaling group name", value: this.seedAutoScalingGroup, maxLength: LIMIT.aws_autoscaling_group.name },
      {
        purpose: "Auto Scaling group name CodeDeploy derives",
        value: `${this.codeDeployFleetPrefix}ABCDEFGHI`,
        maxLength: LIMIT.aws_autoscaling_group.name,
      },
      { purpose: "security group name", value: this.albSecurityGroup, maxLength: LIMIT.aws_security_group.name },
      { purpose: "CodeDeploy application name", value: this.codeDeployApplication, maxLength: LIMIT.aws_codedeploy_app.name },
      { purpose: "deployment group name", value: this.deploymentGroup, maxLength: LIMIT.aws_codedeploy_deployment_group.deployment_group_name },
      { purpose: "deployment config name", value: this.customDeploymentConfig, maxLength: LIMIT.aws_codedeploy_deployment_config.deployment_config_name },
      { purpose: "IAM role name", value: this.codeDeployServiceRole, maxLength: LIMIT.aws_iam_role.name },
      { purpose: "IAM role name", value: this.instanceRole, maxLength: LIMIT.aws_iam_role.name },
      { purpose: "SNS topic name", value: this.notificationTopic, maxLength: LIMIT.aws_sns_topic.name },
      { purpose: "KMS alias", value: this.notificationKeyAlias, maxLength: LIMIT.aws_kms_alias.name },
      { purpose: "CloudWatch alarm name", value: longestAlarm, maxLength: LIMIT.aws_cloudwatch_metric_alarm.alarm_name },
      { purpose: "S3 bucket name", value: this.artifactBucket("123456789012"), maxLength: LIMIT.aws_s3_bucket.bucket },
      { purpose: "CodeCommit repository name", value: this.codeCommitRepository, maxLength: LIMIT.aws_codecommit_repository.repository_name },
      { purpose: "connection name", value: this.sourceConnection, maxLength: LIMIT.aws_codestarconnections_connection.name },
      { purpose: "CodeBuild project name", value: this.buildProject, maxLength: LIMIT.aws_codebuild_project.name },
      { purpose: "CodePipeline name", value: this.pipeline, maxLength: LIMIT.aws_codepipeline.name },
      { purpose: "IAM role name", value: this.pipelineTriggerRole, maxLength: LIMIT.aws_iam_role.name },
      { purpose: "EventBridge rule name", value: this.eventRule("deployment-state"), maxLength: LIMIT.aws_cloudwatch_event_rule.name },
    ];
  }
}
