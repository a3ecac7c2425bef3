/**
 * What AWS-managed policies grant, for rules that meet them attached by ARN (they are not in the
 * stack, so their documents cannot be read at synth time). Each entry follows its page in the AWS
 * Managed Policy Reference Guide (the `source`), at the version named where one is recorded. Statements are
 * the Allow statements of the policy; `decisive` marks entries whose read-only or narrowly
 * conditioned statements were left out because they cannot change the verdict.
 *
 * To attach another AWS-managed policy, add its entry here from its reference page.
 */
export interface ManagedPolicyEntry {
  /** Path and name after `arn:<partition>:iam::aws:policy/`. */
  readonly name: string;
  /** The policy version transcribed, where it was recorded. */
  readonly version?: string;
  readonly source: string;
  readonly statements: readonly { readonly actions?: readonly string[]; readonly notActions?: readonly string[]; readonly resources: readonly string[] }[];
  /** True when only the statements deciding the verdict are transcribed. */
  readonly decisive?: boolean;
}

const REFERENCE = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/";

export const AWS_MANAGED_POLICIES: readonly ManagedPolicyEntry[] = [
  { name: "AdministratorAccess", source: `${REFERENCE}AdministratorAccess.html`, statements: [{ actions: ["*"], resources: ["*"] }] },
  {
    name: "PowerUserAccess",
    version: "v12",
    source: `${REFERENCE}PowerUserAccess.html`,
    statements: [
      { notActions: ["iam:*", "organizations:*", "account:*"], resources: ["*"] },
      {
        actions: [
          "account:GetAccountInformation",
          "account:GetGovCloudAccountInformation",
          "account:GetPrimaryEmail",
          "account:ListRegions",
          "iam:CreateServiceLinkedRole",
          "iam:DeleteServiceLinkedRole",
          "iam:ListRoles",
          "organizations:DescribeEffectivePolicy",
          "organizations:DescribeOrganization",
        ],
        resources: ["*"],
      },
    ],
  },
  { name: "IAMFullAccess", source: `${REFERENCE}IAMFullAccess.html`, decisive: true, statements: [{ actions: ["iam:*"], resources: ["*"] }] },
  { name: "AmazonS3FullAccess", source: `${REFERENCE}AmazonS3FullAccess.html`, decisive: true, statements: [{ actions: ["s3:*"], resources: ["*"] }] },
  {
    name: "AmazonEC2FullAccess",
    source: `${REFERENCE}AmazonEC2FullAccess.html`,
    decisive: true,
    statements: [{ actions: ["ec2:*", "elasticloadbalancing:*", "cloudwatch:*", "autoscaling:*"], resources: ["*"] }],
  },
  {
    name: "service-role/AWSCodeDeployRole",
    version: "v11",
    source: `${REFERENCE}AWSCodeDeployRole.html`,
    statements: [
      {
        actions: [
          "autoscaling:CompleteLifecycleAction",
          "autoscaling:DeleteLifecycleHook",
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeLifecycleHooks",
          "autoscaling:PutLifecycleHook",
          "autoscaling:RecordLifecycleActionHeartbeat",
          "autoscaling:CreateAutoScalingGroup",
          "autoscaling:CreateOrUpdateTags",
          "autoscaling:UpdateAutoScalingGroup",
          "autoscaling:EnableMetricsCollection",
          "autoscaling:DescribePolicies",
          "autoscaling:DescribeScheduledActions",
          "autoscaling:DescribeNotificationConfigurations",
          "autoscaling:SuspendProcesses",
          "autoscaling:ResumeProcesses",
          "autoscaling:AttachLoadBalancers",
          "autoscaling:AttachLoadBalancerTargetGroups",
          "autoscaling:PutScalingPolicy",
          "autoscaling:PutScheduledUpdateGroupAction",
          "autoscaling:PutNotificationConfiguration",
          "autoscaling:PutWarmPool",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DeleteAutoScalingGroup",
          "ec2:DescribeInstances",
          "ec2:DescribeInstanceStatus",
          "ec2:TerminateInstances",
          "tag:GetResources",
          "sns:Publish",
          "cloudwatch:DescribeAlarms",
          "cloudwatch:PutMetricAlarm",
          "elasticloadbalancing:DescribeLoadBalancerAttributes",
          "elasticloadbalancing:DescribeTargetGroupAttributes",
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeInstanceHealth",
          "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
          "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
          "elasticloadbalancing:RegisterTargets",
          "elasticloadbalancing:DeregisterTargets",
        ],
        resources: ["*"],
      },
    ],
  },
  {
    name: "AmazonSSMManagedInstanceCore",
    version: "v2",
    source: `${REFERENCE}AmazonSSMManagedInstanceCore.html`,
    statements: [
      {
        actions: [
          "ssm:DescribeAssociation",
          "ssm:GetDeployablePatchSnapshotForInstance",
          "ssm:GetDocument",
          "ssm:DescribeDocument",
          "ssm:GetManifest",
          "ssm:GetParameter",
          "ssm:GetParameters",
          "ssm:ListAssociations",
          "ssm:ListInstanceAssociations",
          "ssm:PutInventory",
          "ssm:PutComplianceItems",
          "ssm:PutConfigurePackageResult",
          "ssm:UpdateAssociationStatus",
          "ssm:UpdateInstanceAssociationStatus",
          "ssm:UpdateInstanceInformation",
        ],
        resources: ["*"],
      },
      { actions: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], resources: ["*"] },
      {
        actions: ["ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"],
        resources: ["*"],
      },
    ],
  },
  {
    name: "CloudWatchAgentServerPolicy",
    source: `${REFERENCE}CloudWatchAgentServerPolicy.html`,
    statements: [
      {
        actions: [
          "cloudwatch:PutMetricData",
          "ec2:DescribeVolumes",
          "ec2:DescribeTags",
          "logs:PutLogEvents",
          "logs:PutRetentionPolicy",
          "logs:DescribeLogStreams",
          "logs:DescribeLogGroups",
          "logs:CreateLogStream",
          "logs:CreateLogGroup",
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
          "xray:GetSamplingStatisticSummaries",
        ],
        resources: ["*"],
      },
      { actions: ["ssm:GetParameter"], resources: ["arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*"] },
    ],
  },
  {
    name: "service-role/AmazonEC2RoleforAWSCodeDeploy",
    version: "v2",
    source: `${REFERENCE}AmazonEC2RoleforAWSCodeDeploy.html`,
    statements: [{ actions: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"], resources: ["*"] }],
  },
];

const BY_NAME = new Map(AWS_MANAGED_POLICIES.map((entry) => [entry.name, entry]));

/**
 * The path and name of an AWS-managed policy ARN (`arn:aws:iam::aws:policy/service-role/X`, the
 * partition possibly a reference such as `${data.aws_partition.current.partition}`), or undefined.
 */
export function awsManagedPolicyName(arn: unknown): string | undefined {
  if (typeof arn !== "string") return undefined;
  return /^arn:(?:[a-z-]+|\$\{[^}]+\}):iam::aws:policy\/([\w+=,.@/-]+)$/.exec(arn)?.[1];
}

export function awsManagedPolicy(name: string): ManagedPolicyEntry | undefined {
  return BY_NAME.get(name);
}
