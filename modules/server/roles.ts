import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { INSTANCE_LOG_ACTIONS } from "../fleet/instance-logs";
import { AwsContext } from "../shared/aws-context";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
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
  /**
   * Log streams (ARN patterns, `…:log-group:<name>:log-stream:*`, see InstanceLogs.streamArns) the
   * instances' CloudWatch agent ships to, with INSTANCE_LOG_ACTIONS. @default none: no agent, no log permission
   */
  readonly logStreamArns?: string[];
  /**
   * What the application on the instances may do beyond the estate's own needs, in a second
   * inline policy (`application`) and managed-policy attachments. @default none
   */
  readonly application?: ApplicationPermissions;
}

/** One IAM statement of the application's own, as IAM JSON spells it (no NotAction/NotResource). */
export interface ApplicationStatement {
  /** @default `Application<index>` */
  readonly sid?: string;
  /** @default Allow */
  readonly effect?: "Allow" | "Deny";
  readonly actions: string[];
  readonly resources: string[];
  /** IAM conditions, e.g. `{ test: "StringEquals", variable: "aws:ResourceTag/app", values: ["shop"] }`. @default none */
  readonly conditions?: { readonly test: string; readonly variable: string; readonly values: string[] }[];
}

/**
 * The application's permissions on the instance role. Every grant is held to the guardrails'
 * identity-policy rules (the synthesized policy is judged like any other), and configuration
 * refuses a breaking grant before that (modules/guardrails/judge.ts).
 */
export interface ApplicationPermissions {
  /** Policy ARNs to attach (AWS-managed ones the guardrails' curated table can judge). @default none */
  readonly managedPolicyArns?: string[];
  /** Inline statements, in the `application` policy. @default none */
  readonly statements?: ApplicationStatement[];
  /**
   * Secrets Manager secrets the instances may read (`GetSecretValue`, `DescribeSecret`): complete
   * ARNs (…-AbCdEf) or partial ones ending in `-??????`. @default none
   */
  readonly secretArns?: string[];
  /** SSM parameter paths (`/shared/db/`: a leading and a trailing `/`) readable at and below the path. @default none */
  readonly parameterPaths?: string[];
  /**
   * Customer-managed KMS keys (key ARNs) of those secrets and parameters: `kms:Decrypt` through
   * Secrets Manager for the listed secrets only, through SSM for the listed paths only.
   * @default none (the AWS-managed `aws/secretsmanager` and `aws/ssm` keys need no grant)
   */
  readonly kmsKeyArns?: string[];
}

/**
 * Secrets Manager secret ARNs as granted here: the name (1–512 of `A-Za-z0-9/_+=.@-`, Secrets
 * Manager's CreateSecret Name) then `-` and either the six random characters Secrets Manager
 * appends (a complete ARN) or `??????`, the wildcard for exactly those six (a partial ARN in a
 * policy: "Limiting access to specific secrets", Secrets Manager User Guide; `-*` would also match
 * `<name>-<anything>-a1b2c3`, another secret). A bare name without either is refused: as a policy
 * Resource it matches no secret, since every secret ARN carries the suffix.
 */
export const SECRET_ARN = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:[A-Za-z0-9/_+=.@-]{1,512}-(?:[A-Za-z0-9]{6}|\?{6})$/;

/**
 * SSM parameter paths granted with their sub-paths: `/` + levels of `A-Za-z0-9_.-` + `/` (Systems
 * Manager User Guide, "Creating Systems Manager parameters": a hierarchy of at most 15 levels,
 * names not beginning with `aws` or `ssm`).
 */
export const PARAMETER_PATH = /^(?:\/[A-Za-z0-9_.-]+)+\/$/;
export const PARAMETER_PATH_MAX_LEVELS = 15;

/**
 * Sids of the application policy (IAM wants each Sid of a policy unique): those of the grants the
 * lists make, and a configured statement's own or `Application<index>`.
 */
export const APPLICATION_SIDS = { secrets: "ReadSecrets", parameters: "ReadParameters", decryptSecrets: "DecryptSecrets", decryptParameters: "DecryptParameters" } as const;
export const applicationStatementSid = (statement: Pick<ApplicationStatement, "sid">, index: number): string => statement.sid ?? `Application${index}`;

/** The Sids of the statements the lists of `application` make (parameterPathStatements adds `ByPath`). */
export function applicationListSids(application: ApplicationPermissions): string[] {
  const secrets = (application.secretArns?.length ?? 0) > 0;
  const paths = (application.parameterPaths?.length ?? 0) > 0;
  const keys = (application.kmsKeyArns?.length ?? 0) > 0;
  return [
    ...(secrets ? [APPLICATION_SIDS.secrets] : []),
    ...(paths ? [APPLICATION_SIDS.parameters, `${APPLICATION_SIDS.parameters}ByPath`] : []),
    ...(keys && secrets ? [APPLICATION_SIDS.decryptSecrets] : []),
    ...(keys && paths ? [APPLICATION_SIDS.decryptParameters] : []),
  ];
}

/** Statements reading an SSM path and below: GetParameter(s) on `<path>*`, GetParametersByPath also on the path itself. */
function parameterPathStatements(sid: string, pathArns: string[]) {
  return [
    { sid, actions: ["ssm:GetParameter", "ssm:GetParameters"], resources: pathArns.map((arn) => `${arn}*`) },
    {
      // GetParametersByPath is authorized against the path itself (parameter/<app>/<env>) and
      // any sub-path; the trailing "/" keeps <env>-<anything> out.
      sid: `${sid}ByPath`,
      actions: ["ssm:GetParametersByPath"],
      resources: pathArns.flatMap((arn) => [arn.slice(0, -1), `${arn}*`]),
    },
  ];
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
 *   and of this environment's parameters (decrypting them with `parameterKeyArns`), writing to the
 *   instance log groups' streams (`logStreamArns`), nothing else.
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
        ...parameterPathStatements("ReadEnvironmentParameters", [parameterArn]),
        ...(props.logStreamArns?.length ? [{ sid: "ShipInstanceLogs", actions: INSTANCE_LOG_ACTIONS, resources: props.logStreamArns }] : []),
        ...(parameterKeyArns.length > 0
          ? [
              // Parameter Store passes the parameter's ARN as encryption context (PARAMETER_ARN):
              // https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html
              decryptThrough(aws, "DecryptEnvironmentSecureStrings", parameterKeyArns, "ssm", "PARAMETER_ARN", [`${parameterArn}*`]),
            ]
          : []),
      ],
    });
    this.instanceRole = instance.role;
    const applicationGrants = props.application ? this.applicationGrants(aws, props.application) : [];
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
    this.instancePermissions = [instance.policy, ...applicationGrants];
  }

  /** The application's own grants: one inline policy (`application`) and the managed-policy attachments. */
  private applicationGrants(aws: AwsContext, application: ApplicationPermissions): ITerraformDependable[] {
    const secretArns = application.secretArns ?? [];
    const pathArns = (application.parameterPaths ?? []).map((path) => {
      if (!PARAMETER_PATH.test(path)) throw new Error(`DeploymentRoles: parameter path "${path}" must start and end with "/"`);
      return `arn:${aws.partition}:ssm:${aws.region}:${aws.accountId}:parameter${path}`;
    });
    const keys = application.kmsKeyArns ?? [];
    if (keys.length > 0 && secretArns.length === 0 && pathArns.length === 0) {
      throw new Error("DeploymentRoles: application kmsKeyArns decrypt the listed secrets and parameter paths only, and none is listed");
    }
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      // DescribeSecret beside GetSecretValue, as AWS CDK's Secret.grantRead: the caching clients
      // (aws-secretsmanager-caching, the Secrets Manager Agent) call it to see a new version; it
      // returns metadata, never the value.
      ...(secretArns.length > 0 ? [{ sid: APPLICATION_SIDS.secrets, actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: secretArns }] : []),
      ...(pathArns.length > 0 ? parameterPathStatements(APPLICATION_SIDS.parameters, pathArns) : []),
      ...(keys.length > 0 && secretArns.length > 0
        ? // Secrets Manager's encryption context is the secret's ARN (SecretARN) and version
          // (SecretVersionId): "Secrets Manager encryption context", Secrets Manager User Guide.
          [decryptThrough(aws, APPLICATION_SIDS.decryptSecrets, keys, "secretsmanager", "SecretARN", secretArns)]
        : []),
      ...(keys.length > 0 && pathArns.length > 0 ? [decryptThrough(aws, APPLICATION_SIDS.decryptParameters, keys, "ssm", "PARAMETER_ARN", pathArns.map((arn) => `${arn}*`))] : []),
      ...(application.statements ?? []).map((statement, index) => ({
        sid: applicationStatementSid(statement, index),
        effect: statement.effect ?? "Allow",
        actions: statement.actions,
        resources: statement.resources,
        condition: statement.conditions,
      })),
    ];
    const grants: ITerraformDependable[] = (application.managedPolicyArns ?? []).map(
      (policyArn, index) => new IamRolePolicyAttachment(this, `instance_managed_${index}`, { role: this.instanceRole.name, policyArn }),
    );
    if (statements.length > 0) {
      grants.unshift(
        new IamRolePolicy(this, "instance_application", {
          name: "application",
          role: this.instanceRole.id,
          policy: policyDocument(this, "instance_application_document", statements).json,
        }),
      );
    }
    return grants;
  }
}

/**
 * `kms:Decrypt` with `keys` only when `service` calls for this region's endpoint, for the
 * encryption context `contextKey` matching `values` (StringLike): a key shared with other data
 * decrypts nothing else for these instances.
 */
function decryptThrough(aws: AwsContext, sid: string, keys: string[], service: string, contextKey: string, values: string[]): DataAwsIamPolicyDocumentStatement {
  return {
    sid,
    actions: ["kms:Decrypt"],
    resources: keys,
    condition: [
      { test: "StringEquals", variable: "kms:ViaService", values: [`${service}.${aws.region}.${aws.dnsSuffix}`] },
      { test: "StringLike", variable: `kms:EncryptionContext:${contextKey}`, values },
    ],
  };
}
