import { Construct } from "constructs";
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
  /**
   * Buckets (ARNs) holding application revisions the instances must download.
   * @default none; the CodeDeploy agent bucket of the region is always readable
   */
  readonly revisionBucketArns?: string[];
}

/**
 * The two roles of an EC2 blue/green estate:
 * - the CodeDeploy service role: `AWSCodeDeployRole` plus what copying a launch-template ASG
 *   needs (`ec2:RunInstances`, `ec2:CreateTags`, `iam:PassRole` of the instance role only);
 * - the instance role and profile: SSM Session Manager, the CloudWatch agent, read of the
 *   CodeDeploy agent bucket, the revision buckets and this environment's parameters.
 */
export class DeploymentRoles extends Construct {
  public readonly codeDeployRole: IamRole;
  public readonly instanceRole: IamRole;
  public readonly instanceProfile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: DeploymentRolesProps) {
    super(scope, id);
    const { aws } = props;
    if (!/^\/.+\/$/.test(props.parameterPath)) {
      throw new Error(`DeploymentRoles: parameterPath must start and end with "/", got "${props.parameterPath}"`);
    }

    const revisionObjects = [
      `arn:${aws.partition}:s3:::aws-codedeploy-${aws.region}/*`,
      ...(props.revisionBucketArns ?? []).map((arn) => `${arn}/*`),
    ];
    this.instanceRole = serviceRole(this, {
      aws,
      idPrefix: "instance_",
      roleName: props.instanceRoleName,
      description: "Web instances of the blue/green fleet",
      service: "ec2",
      policyName: "revisions-and-parameters",
      statements: [
        { sid: "ReadAgentAndRevisions", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: revisionObjects },
        {
          sid: "ReadEnvironmentParameters",
          actions: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
          resources: [`arn:${aws.partition}:ssm:${aws.region}:${aws.accountId}:parameter${props.parameterPath}*`],
        },
      ],
    });
    for (const policy of ["AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy"]) {
      new IamRolePolicyAttachment(this, `instance_${policy}`, {
        role: this.instanceRole.name,
        policyArn: aws.managedPolicyArn(policy),
      });
    }
    this.instanceProfile = new IamInstanceProfile(this, "instance_profile", {
      name: props.instanceRoleName,
      role: this.instanceRole.name,
    });

    this.codeDeployRole = new IamRole(this, "codedeploy_role", {
      name: props.codeDeployRoleName,
      description: "CodeDeploy service role for EC2 blue/green deployments",
      assumeRolePolicy: trustPolicy(this, "codedeploy_trust", aws, "codedeploy").json,
    });
    new IamRolePolicyAttachment(this, "codedeploy_managed", {
      role: this.codeDeployRole.name,
      policyArn: aws.managedPolicyArn("service-role/AWSCodeDeployRole"),
    });
    const ec2 = `arn:${aws.partition}:ec2:${aws.region}`;
    new IamRolePolicy(this, "codedeploy_launch_template", {
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
  }
}
