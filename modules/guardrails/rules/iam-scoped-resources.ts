import { actionMatches, allowStatements, IDENTITY_POLICY_TYPES } from "../policy";
import { finding, GuardrailRule } from "../rule";

/**
 * Actions the Service Authorization Reference lists without a resource type: they only work
 * with `Resource: "*"`. Anything else with `"*"` could have been scoped and was not.
 */
export const ACTIONS_WITHOUT_RESOURCE_TYPES = [
  "autoscaling:Describe*",
  // Returns composite alarms only to a permission "scoped to *"
  // (CloudWatch API Reference, DescribeAlarms): a scoped grant cannot read a composite alarm.
  "cloudwatch:DescribeAlarms",
  "cloudwatch:DescribeAlarmsForMetric",
  "cloudwatch:GetMetricData",
  "cloudwatch:GetMetricStatistics",
  "cloudwatch:ListMetrics",
  "cloudwatch:PutMetricData",
  "codebuild:ListBuilds",
  "codebuild:ListProjects",
  "codecommit:ListRepositories",
  "codedeploy:ListApplications",
  "codedeploy:ListDeploymentConfigs",
  "codepipeline:ListPipelines",
  "codestar-connections:ListConnections",
  "ec2:Describe*",
  "ec2messages:AcknowledgeMessage",
  "ec2messages:DeleteMessage",
  "ec2messages:FailMessage",
  "ec2messages:GetEndpoint",
  "ec2messages:GetMessages",
  "ec2messages:SendReply",
  "ecr:GetAuthorizationToken",
  "ecs:RegisterTaskDefinition",
  "elasticloadbalancing:Describe*",
  "iam:ListPolicies",
  "iam:ListRoles",
  "kms:CreateKey",
  "kms:ListAliases",
  "kms:ListKeys",
  "logs:DescribeLogGroups",
  "s3:ListAllMyBuckets",
  "ssm:DescribeParameters",
  // No resource type in the Service Authorization Reference (only ssm:/ec2:SourceInstanceARN conditions).
  "ssm:UpdateInstanceInformation",
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
  "sts:GetCallerIdentity",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:PutTelemetryRecords",
  "xray:PutTraceSegments",
];

const needsNoResource = (action: string) => ACTIONS_WITHOUT_RESOURCE_TYPES.some((known) => actionMatches(known, action));

export const iamScopedResources: GuardrailRule = {
  id: "IAM-SCOPED-RESOURCES",
  checks: 'Identity policies use Resource "*" (or NotResource) only for actions that support no resource scoping',
  rationale: "Scoping to the stack's own ARNs keeps one environment's roles away from every other resource in the account",
  mirrors: "checkov CKV_AWS_355/290, trivy AVD-AWS-0057",
  severity: "error",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, estate) {
    return allowStatements(resource, estate, () => undefined)
      .filter((statement) => statement.notResource || statement.resources.includes("*"))
      .flatMap((statement) => {
        const scopable = statement.notAction ? ["(NotAction)"] : statement.actions.filter((action) => !needsNoResource(action));
        if (scopable.length === 0) return [];
        return [
          finding(
            `${statement.sid ? `statement ${statement.sid}` : "a statement"} grants ${scopable.join(", ")} on ${statement.notResource ? "everything but the NotResource list" : 'Resource "*"'}`,
            "name the ARNs (the stack's own resources, or a pattern such as arn:<partition>:ec2:<region>:<account>:*)",
          ),
        ];
      });
  },
};
