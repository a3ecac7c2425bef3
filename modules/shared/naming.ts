/**
 * Every AWS name this project derives from `appName` and the environment name, with the
 * limit AWS enforces on it. Configuration validation checks each one, so a name that would
 * overflow fails the synth instead of the apply.
 */
/** What AWS enforces on one kind of name: its length, and the prefixes and suffixes it reserves. */
export interface NameRule {
  readonly maxLength: number;
  readonly reservedPrefixes?: readonly string[];
  readonly reservedSuffixes?: readonly string[];
}

/** Amazon S3 User Guide, "General purpose bucket naming rules". */
const S3_RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const S3_RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/**
 * The one table of AWS name rules, per Terraform resource type and name argument: the length
 * limits AWS documents and the reserved affixes — ELB CreateLoadBalancer ("must not begin with
 * internal-"), the S3 bucket naming rules above, KMS CreateAlias ("alias/aws/" is reserved for
 * AWS managed keys). The derived names below are checked against it by the configuration, every
 * literal name's length by the NAME-LENGTH guardrail.
 */
export const AWS_NAME_RULES = {
  aws_lb: { name: { maxLength: 32, reservedPrefixes: ["internal-"] }, name_prefix: { maxLength: 6 } },
  aws_alb: { name: { maxLength: 32, reservedPrefixes: ["internal-"] }, name_prefix: { maxLength: 6 } },
  aws_lb_target_group: { name: { maxLength: 32 }, name_prefix: { maxLength: 6 } },
  aws_alb_target_group: { name: { maxLength: 32 }, name_prefix: { maxLength: 6 } },
  aws_iam_role: { name: { maxLength: 64 }, name_prefix: { maxLength: 38 } },
  aws_iam_policy: { name: { maxLength: 128 } },
  aws_iam_role_policy: { name: { maxLength: 128 } },
  aws_iam_instance_profile: { name: { maxLength: 128 } },
  aws_security_group: { name: { maxLength: 255 } },
  aws_launch_template: { name: { maxLength: 128 } },
  aws_autoscaling_group: { name: { maxLength: 255 } },
  aws_s3_bucket: { bucket: { maxLength: 63, reservedPrefixes: S3_RESERVED_PREFIXES, reservedSuffixes: S3_RESERVED_SUFFIXES }, bucket_prefix: { maxLength: 37, reservedPrefixes: S3_RESERVED_PREFIXES } },
  aws_sns_topic: { name: { maxLength: 256 } },
  aws_cloudwatch_metric_alarm: { alarm_name: { maxLength: 255 } },
  aws_cloudwatch_composite_alarm: { alarm_name: { maxLength: 255 } },
  aws_cloudwatch_dashboard: { dashboard_name: { maxLength: 255 } },
  aws_cloudwatch_log_group: { name: { maxLength: 512 } },
  aws_cloudwatch_event_rule: { name: { maxLength: 64 } },
  aws_codebuild_project: { name: { maxLength: 255 } },
  aws_codepipeline: { name: { maxLength: 100 } },
  aws_codedeploy_app: { name: { maxLength: 100 } },
  aws_codedeploy_deployment_group: { deployment_group_name: { maxLength: 100 } },
  aws_codedeploy_deployment_config: { deployment_config_name: { maxLength: 100 } },
  aws_codecommit_repository: { repository_name: { maxLength: 100 } },
  aws_codestarconnections_connection: { name: { maxLength: 32 } },
  aws_kms_alias: { name: { maxLength: 256, reservedPrefixes: ["alias/aws/"] } },
  // Lambda CreateFunction FunctionName: "The length constraint applies only to the full ARN. If you specify only the function name, it is limited to 64 characters".
  aws_lambda_function: { function_name: { maxLength: 64 } },
  aws_lambda_alias: { name: { maxLength: 128 } },
  aws_apigatewayv2_api: { name: { maxLength: 128 } },
} as const satisfies Record<string, Record<string, NameRule>>;

type NameRules = typeof AWS_NAME_RULES;
/** The length limits of AWS_NAME_RULES alone. */
export const AWS_NAME_LIMITS = Object.fromEntries(
  Object.entries(AWS_NAME_RULES).map(([type, names]) => [type, Object.fromEntries(Object.entries(names).map(([argument, rule]) => [argument, rule.maxLength]))]),
) as { [T in keyof NameRules]: { [A in keyof NameRules[T]]: number } };

/** The reserved prefix or suffix a name uses, described, or undefined. */
export function reservedAffix(value: string, rule: NameRule): string | undefined {
  const prefix = rule.reservedPrefixes?.find((reserved) => value.startsWith(reserved));
  if (prefix) return `begins with "${prefix}", which AWS reserves`;
  const suffix = rule.reservedSuffixes?.find((reserved) => value.endsWith(reserved));
  return suffix ? `ends with "${suffix}", which AWS reserves` : undefined;
}

const RULE = AWS_NAME_RULES;

export interface DerivedName {
  /** What the name is for, as shown in error messages. */
  readonly purpose: string;
  readonly value: string;
  /** AWS's rule for this kind of name (AWS_NAME_RULES). */
  readonly rule: NameRule;
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
  /**
   * The SSM parameter that counts the seeds Terraform created, alone under its own path (read
   * with GetParametersByPath, which returns nothing while it does not exist). Outside
   * `parameterPath`: it is the stack's, not the revision's.
   */
  get seedGenerationParameter(): string {
    return `/codedeploy-bluegreen/${this.appName}/${this.environment}/seed-generation`;
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
  /**
   * The load balancer's access and connection logs. Not in `all()`: it shares the artifact
   * bucket's prefix and is shorter, so the artifact bucket's checks cover it.
   */
  loadBalancerLogBucket(accountId: string): string {
    return `${this.stem}-alb-logs-${accountId}`;
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
  get dashboard(): string {
    return this.stem;
  }
  /** Composite alarm over every alarm that stops a deployment (read by the pipeline's conditions). */
  get releaseHealthAlarm(): string {
    return this.alarm("release-health");
  }
  /** Where the previous environment's pipeline hands the promoted revision to this one. */
  get promotionKey(): string {
    return "promotions/revision.zip";
  }
  /** Prefix of the SSM parameters the revision's hooks may read. */
  get parameterPath(): string {
    return `/${this.appName}/${this.environment}/`;
  }
  /** Prefix of the instance log groups, `<prefix>/system`, `/bootstrap`, `/codedeploy-agent`, `/deployments`. */
  get instanceLogGroupPrefix(): string {
    return `/${this.appName}/${this.environment}/instances`;
  }
  /** Name prefix of the Auto Scaling groups CodeDeploy creates for each blue/green deployment. */
  get codeDeployFleetPrefix(): string {
    return `CodeDeploy_${this.deploymentGroup}_d-`;
  }

  /** The function (and its role) that sets the configured bounds on CodeDeploy's serving copy of an EC2 fleet. */
  get servingBoundsFunction(): string {
    return `${this.stem}-serving-bounds`;
  }

  /** The function of a Lambda environment (`platform: "lambda"`). */
  get lambdaFunction(): string {
    return this.stem;
  }
  /** The alias CodeDeploy shifts and every client invokes. */
  get lambdaAlias(): string {
    return "live";
  }
  /** A traffic hook function of the Lambda deployment group, `<stem>-pre-traffic` / `<stem>-post-traffic`. */
  hookFunction(hook: "pre-traffic" | "post-traffic"): string {
    return `${this.stem}-${hook}`;
  }
  get functionRole(): string {
    return `${this.stem}-function`;
  }
  get hookRole(): string {
    return `${this.stem}-hooks`;
  }
  /** The log group Lambda writes a function's logs to unless told otherwise. */
  lambdaLogGroup(functionName: string): string {
    return `/aws/lambda/${functionName}`;
  }
  /** A stack-created Lambda deployment config (`TimeBasedCanary` / `TimeBasedLinear`). */
  get timeBasedDeploymentConfig(): string {
    return `${this.stem}-traffic-shift`;
  }

  /** The names a Lambda environment derives, with AWS's limits on them. */
  lambdaAll(): DerivedName[] {
    return [
      { purpose: "Lambda function name", value: this.hookFunction("post-traffic"), rule: RULE.aws_lambda_function.function_name },
      { purpose: "CodeDeploy application name", value: this.codeDeployApplication, rule: RULE.aws_codedeploy_app.name },
      { purpose: "deployment config name", value: this.timeBasedDeploymentConfig, rule: RULE.aws_codedeploy_deployment_config.deployment_config_name },
      { purpose: "IAM role name", value: this.codeDeployServiceRole, rule: RULE.aws_iam_role.name },
      { purpose: "IAM role name", value: this.functionRole, rule: RULE.aws_iam_role.name },
      { purpose: "IAM role name", value: this.pipelineTriggerRole, rule: RULE.aws_iam_role.name },
      { purpose: "SNS topic name", value: this.notificationTopic, rule: RULE.aws_sns_topic.name },
      { purpose: "KMS alias", value: this.notificationKeyAlias, rule: RULE.aws_kms_alias.name },
      { purpose: "CloudWatch alarm name", value: this.alarm("duration-p99"), rule: RULE.aws_cloudwatch_metric_alarm.alarm_name },
      { purpose: "S3 bucket name", value: this.artifactBucket("123456789012"), rule: RULE.aws_s3_bucket.bucket },
      { purpose: "CodeCommit repository name", value: this.codeCommitRepository, rule: RULE.aws_codecommit_repository.repository_name },
      { purpose: "connection name", value: this.sourceConnection, rule: RULE.aws_codestarconnections_connection.name },
      { purpose: "CodeBuild project name", value: this.buildProject, rule: RULE.aws_codebuild_project.name },
      { purpose: "CodePipeline name", value: this.pipeline, rule: RULE.aws_codepipeline.name },
      { purpose: "EventBridge rule name", value: this.eventRule("deployment-state"), rule: RULE.aws_cloudwatch_event_rule.name },
    ];
  }

  /** Names with the limits AWS documents for them. */
  all(): DerivedName[] {
    const longestAlarm = this.alarm("target-response-time-p99");
    return [
      { purpose: "load balancer name", value: this.loadBalancer, rule: RULE.aws_lb.name },
      { purpose: "target group name", value: this.targetGroup, rule: RULE.aws_lb_target_group.name },
      { purpose: "launch template name", value: this.launchTemplate, rule: RULE.aws_launch_template.name },
      { purpose: "Auto Scaling group name", value: this.seedAutoScalingGroup, rule: RULE.aws_autoscaling_group.name },
      {
        purpose: "Auto Scaling group name CodeDeploy derives",
        value: `${this.codeDeployFleetPrefix}ABCDEFGHI`,
        rule: RULE.aws_autoscaling_group.name,
      },
      { purpose: "security group name", value: this.albSecurityGroup, rule: RULE.aws_security_group.name },
      { purpose: "CodeDeploy application name", value: this.codeDeployApplication, rule: RULE.aws_codedeploy_app.name },
      { purpose: "deployment group name", value: this.deploymentGroup, rule: RULE.aws_codedeploy_deployment_group.deployment_group_name },
      { purpose: "deployment config name", value: this.customDeploymentConfig, rule: RULE.aws_codedeploy_deployment_config.deployment_config_name },
      { purpose: "IAM role name", value: this.codeDeployServiceRole, rule: RULE.aws_iam_role.name },
      { purpose: "IAM role name", value: this.instanceRole, rule: RULE.aws_iam_role.name },
      { purpose: "Lambda function name", value: this.servingBoundsFunction, rule: RULE.aws_lambda_function.function_name },
      { purpose: "IAM role name", value: this.servingBoundsFunction, rule: RULE.aws_iam_role.name },
      { purpose: "SNS topic name", value: this.notificationTopic, rule: RULE.aws_sns_topic.name },
      { purpose: "KMS alias", value: this.notificationKeyAlias, rule: RULE.aws_kms_alias.name },
      { purpose: "CloudWatch alarm name", value: longestAlarm, rule: RULE.aws_cloudwatch_metric_alarm.alarm_name },
      { purpose: "S3 bucket name", value: this.artifactBucket("123456789012"), rule: RULE.aws_s3_bucket.bucket },
      { purpose: "CodeCommit repository name", value: this.codeCommitRepository, rule: RULE.aws_codecommit_repository.repository_name },
      { purpose: "connection name", value: this.sourceConnection, rule: RULE.aws_codestarconnections_connection.name },
      { purpose: "CodeBuild project name", value: this.buildProject, rule: RULE.aws_codebuild_project.name },
      { purpose: "CodePipeline name", value: this.pipeline, rule: RULE.aws_codepipeline.name },
      { purpose: "IAM role name", value: this.pipelineTriggerRole, rule: RULE.aws_iam_role.name },
      { purpose: "EventBridge rule name", value: this.eventRule("deployment-state"), rule: RULE.aws_cloudwatch_event_rule.name },
      { purpose: "log group name", value: `${this.instanceLogGroupPrefix}/codedeploy-agent`, rule: RULE.aws_cloudwatch_log_group.name },
    ];
  }
}
