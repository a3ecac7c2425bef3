import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { AwsContext } from "../shared/aws-context";
import { policyDocument, serviceRole, trustPolicy } from "../shared/iam";

export interface DeploymentRolesProps {
  readonly aws: AwsContext;
  readonly codeDeployRoleName: string;
  readonly instanceRoleName: string;
  /** SSM parameter path prefix (e.g. `/webapp/dev/`) the instances may read configuration from. */
  readonly parameterPath: string;
  /** Buckets (ARNs) holding application revisions the instances must download. @default none */
  readonly revisionBucketArns?: string[];
  /**
   * Customer-managed KMS keys (key ARNs) of SecureString parameters under `parameterPath`: the
   * instances may decrypt with them through SSM, for those parameters only.
   * @default none (SecureStrings under the AWS-managed `aws/ssm` key need no grant: its key policy
   * admits every principal of the account that calls through SSM)
   */
  readonly parameterKeyArns?: string[];
}

/**
 * What Session Manager needs on the instance, and no more: SSM Agent registers and heartbeats
 * (`ssm:UpdateInstanceInformation`) and opens the session channels (`ssmmessages:*Channel`).
 * Source: "Step 2: Verify or add instance permissions for Session Manager", AWS Systems Manager
 * User Guide (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-getting-started-instance-profile.html),
 * the same set as the AWS-managed AWSCloud9SSMInstanceProfile policy. `ec2messages:*` serves Run
 * Command, which this estate does not use; `AmazonSSMManagedInstanceCore` would also grant
 * `ssm:GetParameter(s)` on every parameter of the account, which voids the path-scoped grant below.
 */
export const SESSION_MANAGER_ACTIONS = [
  "ssm:UpdateInstanceInformation",
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
];

/**
 * The two roles of an EC2 blue/green estate:
 * - the CodeDeploy service role: `AWSCodeDeployRole` plus what copying a launch-template ASG
 *   needs (`ec2:RunInstances`, `ec2:CreateTags`, `iam:PassRole` of the instance role only);
 * - the instance role and profile: Session Manager's own actions, read of the revision buckets
 *   and of this environment's parameters (decrypting them with `parameterKeyArns`), nothing else.
 */
export class DeploymentRoles extends Construct {
  public readonly codeDeployRole: IamRole;
  public readonly instanceRole: IamRole;
  public readonly instanceProfile: IamInstanceProfile;
  /** The CodeDeploy role's policies and attachments: what acts with the role depends on them. */
  public readonly codeDeployPermissions: ITerraformDependable[];
  /** The instance role's policies and attachments: the fleet launches after them. */
  public readonly instancePermissions: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: DeploymentRolesProps) {
    super(scope, id);
    const { aws } = props;
    if (!/^\/.+\/$/.test(props.parameterPath)) {
      throw new Error(`DeploymentRoles: parameterPath must start and end with "/", got "${props.parameterPath}"`);
    }

    const parameterArn = `arn:${aws.partition}:ssm:${aws.region}:${aws.accountId}:parameter${props.parameterPath}`;
    const revisionObjects = (props.revisionBucketArns ?? []).map((arn) => `${arn}/*`);
    const parameterKeyArns = props.parameterKeyArns ?? [];
    // No read of the regional CodeDeploy agent bucket: the agent installer fetches its files over
    // plain, unsigned HTTPS (aws/aws-codedeploy-agent bin/install, S3Bucket#object_uri and
    // get_package_from_s3 with open-uri), so the instance role is never used for it.
    const instance = serviceRole(this, {
      aws,
      idPrefix: "instance_",
      roleName: props.instanceRoleName,
      description: "Web instances of the blue/green fleet",
      service: "ec2",
      policyName: "session-revisions-parameters",
      statements: [
        { sid: "SessionManager", actions: SESSION_MANAGER_ACTIONS, resources: ["*"] },
        ...(revisionObjects.length > 0 ? [{ sid: "ReadRevisions", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: revisionObjects }] : []),
        {
          sid: "ReadEnvironmentParameters",
          actions: ["ssm:GetParameter", "ssm:GetParameters"],
          resources: [`${parameterArn}*`],
        },
        {
          // GetParametersByPath is authorized against the path itself (parameter/<app>/<env>) and
          // any sub-path; the trailing "/" keeps <env>-<anything> out.
          sid: "ReadEnvironmentParametersByPath",
          actions: ["ssm:GetParametersByPath"],
          resources: [parameterArn.slice(0, -1), `${parameterArn}*`],
        },
        ...(parameterKeyArns.length > 0
          ? [
              {
                // Parameter Store passes the parameter's ARN as encryption context (PARAMETER_ARN):
                // https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html
                sid: "DecryptEnvironmentSecureStrings",
                actions: ["kms:Decrypt"],
                resources: parameterKeyArns,
                condition: [
                  { test: "StringEquals", variable: "kms:ViaService", values: [`ssm.${aws.region}.${aws.dnsSuffix}`] },
                  { test: "StringLike", variable: "kms:EncryptionContext:PARAMETER_ARN", values: [`${parameterArn}*`] },
                ],
              },
            ]
          : []),
      ],
    });
    this.instanceRole = instance.role;
    this.instanceProfile = new IamInstanceProfile(this, "instance_profile", {
      name: props.instanceRoleName,
      role: this.instanceRole.name,
    });

    this.codeDeployRole = new IamRole(this, "codedeploy_role", {
      name: props.codeDeployRoleName,
      description: "CodeDeploy service role for EC2 blue/green deployments",
      assumeRolePolicy: trustPolicy(this, "codedeploy_trust", aws, "codedeploy").json,
    });
    const managed = new IamRolePolicyAttachment(this, "codedeploy_managed", {
      role: this.codeDeployRole.name,
      policyArn: aws.managedPolicyArn("service-role/AWSCodeDeployRole"),
    });
    const ec2 = `arn:${aws.partition}:ec2:${aws.region}`;
    const launchTemplate = new IamRolePolicy(this, "codedeploy_launch_template", {
      name: "copy-launch-template-fleet",
      role: this.codeDeployRole.id,
      policy: policyDocument(this, "codedeploy_launch_template_document", [
        {
          sid: "LaunchReplacementInstances",
          actions: ["ec2:RunInstances"],
          resources: [`${ec2}:${aws.accountId}:*`, `${ec2}::image/*`, `${ec2}::snapshot/*`],
        },
        {
          sid: "TagInstancesAtLaunch",
          actions: ["ec2:CreateTags"],
          resources: [`${ec2}:${aws.accountId}:*`],
          condition: [{ test: "StringEquals", variable: "ec2:CreateAction", values: ["RunInstances"] }],
        },
        {
          sid: "PassInstanceRole",
          actions: ["iam:PassRole"],
          resources: [this.instanceRole.arn],
          condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: [aws.servicePrincipal("ec2")] }],
        },
      ]).json,
    });
    this.codeDeployPermissions = [managed, launchTemplate];
    this.instancePermissions = [instance.policy];
  }
}
