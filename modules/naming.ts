/**
 * Every AWS name this project derives from `appName` and the environment name, with the
 * limit AWS enforces on it. Configuration validation checks each one, so a name that would
 * overflow fails the synth instead of the apply.
 */
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
      { purpose: "load balancer name", value: this.loadBalancer, maxLength: 32 },
      { purpose: "target group name", value: this.targetGroup, maxLength: 32 },
      { purpose: "launch template name", value: this.launchTemplate, maxLength: 128 },
      { purpose: "Auto Scaling group name", value: this.seedAutoScalingGroup, maxLength: 255 },
      {
        purpose: "Auto Scaling group name CodeDeploy derives",
        value: `${this.codeDeployFleetPrefix}ABCDEFGHI`,
        maxLength: 255,
      },
      { purpose: "security group name", value: this.albSecurityGroup, maxLength: 255 },
      { purpose: "CodeDeploy application name", value: this.codeDeployApplication, maxLength: 100 },
      { purpose: "deployment group name", value: this.deploymentGroup, maxLength: 100 },
      { purpose: "deployment config name", value: this.customDeploymentConfig, maxLength: 100 },
      { purpose: "IAM role name", value: this.codeDeployServiceRole, maxLength: 64 },
      { purpose: "IAM role name", value: this.instanceRole, maxLength: 64 },
      { purpose: "SNS topic name", value: this.notificationTopic, maxLength: 256 },
      { purpose: "KMS alias", value: this.notificationKeyAlias, maxLength: 256 },
      { purpose: "CloudWatch alarm name", value: longestAlarm, maxLength: 255 },
      { purpose: "S3 bucket name", value: this.artifactBucket("123456789012"), maxLength: 63 },
      { purpose: "CodeCommit repository name", value: this.codeCommitRepository, maxLength: 100 },
      { purpose: "connection name", value: this.sourceConnection, maxLength: 32 },
      { purpose: "CodeBuild project name", value: this.buildProject, maxLength: 255 },
      { purpose: "CodePipeline name", value: this.pipeline, maxLength: 100 },
      { purpose: "IAM role name", value: this.pipelineTriggerRole, maxLength: 64 },
      { purpose: "EventBridge rule name", value: this.eventRule("deployment-state"), maxLength: 64 },
    ];
  }
}
