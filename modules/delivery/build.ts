import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AwsContext } from "../shared/aws-context";
import { serviceRole } from "../shared/iam";
import { LOG_RETENTION_DAYS } from "../shared/logs";
import type { ResourceNames } from "../shared/naming";

/** The names the build project of the environment `names` takes: its own, its role's and its log group's. */
export function buildProjectNames(names: ResourceNames): Pick<BuildProjectProps, "projectName" | "roleName" | "logGroupName"> {
  return { projectName: names.buildProject, roleName: names.buildRole, logGroupName: names.buildLogGroup };
}

export interface BuildProjectProps {
  readonly aws: AwsContext;
  readonly projectName: string;
  readonly roleName: string;
  readonly logGroupName: string;
  /** The artifact bucket the pipeline hands sources and revisions through. */
  readonly artifactBucketArn: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** Managed image. @default "aws/codebuild/amazonlinux-x86_64-standard:5.0" (Amazon Linux 2023) */
  readonly image?: string;
  /** @default 20 */
  readonly timeoutMinutes?: number;
  /**
   * Run Docker builds: the build container gets the Docker daemon (root on the build host), so the
   * CODEBUILD-UNPRIVILEGED guardrail must be suppressed on the project with the reason. @default false
   */
  readonly privileged?: boolean;
  /**
   * The buildspec's contents, fixed by the stack, as the build should read them: `${` and `%{`
   * (the shell's) are escaped here for Terraform, which reads them in any string as its own
   * templates. @default "buildspec.yml" of the source
   */
  readonly buildspec?: string;
  /** Plain environment variables of every build. @default none */
  readonly environmentVariables?: Record<string, string>;
  /** More permissions of the build role (e.g. pushing to a repository). @default none */
  readonly statements?: DataAwsIamPolicyDocumentStatement[];
  /** What the project and its role do, for their descriptions. @default the revision bundle's lint and package */
  readonly purpose?: { readonly project: string; readonly role: string };
}

/**
 * CodeBuild project that runs the revision's own buildspec.yml (lint, version stamp) on a
 * small managed Amazon Linux image, unprivileged, logging to a log group with retention, with
 * encrypted artifacts. Its role reaches only that log group and the artifact bucket; the
 * pipeline hands it the source, so it needs no access to the repository.
 */
export class BuildProject extends Construct {
  public readonly project: CodebuildProject;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: BuildProjectProps) {
    super(scope, id);
    const { aws } = props;
    const retention = props.logRetentionDays ?? 30;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
      throw new Error(`BuildProject: logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${retention}`);
    }
    const timeout = props.timeoutMinutes ?? 20;
    if (!Number.isInteger(timeout) || timeout < 5 || timeout > 480) {
      throw new Error(`BuildProject: timeoutMinutes must be a whole number from 5 to 480, got ${timeout}`);
    }

    this.logGroup = new CloudwatchLogGroup(this, "logs", { name: props.logGroupName, retentionInDays: retention });
    const { role, policy } = serviceRole(this, {
      aws,
      roleName: props.roleName,
      description: props.purpose?.role ?? "CodeBuild: build the revision bundle",
      service: "codebuild",
      policyName: "logs-and-artifacts",
      statements: [
        {
          sid: "WriteBuildLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`${this.logGroup.arn}:*`],
        },
        {
          sid: "ReadWriteArtifacts",
          actions: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
          resources: [`${props.artifactBucketArn}/*`],
        },
        {
          sid: "LocateArtifactBucket",
          actions: ["s3:GetBucketLocation", "s3:GetBucketAcl"],
          resources: [props.artifactBucketArn],
        },
        ...(props.statements ?? []),
      ],
    });
    this.role = role;

    this.project = new CodebuildProject(this, "project", {
      // CreateProject checks the role; its builds need the role's policy in place.
      dependsOn: [policy],
      name: props.projectName,
      description: props.purpose?.project ?? "Lints and packages the revision bundle (buildspec.yml of the revision)",
      serviceRole: this.role.arn,
      buildTimeout: timeout,
      source: { type: "CODEPIPELINE", buildspec: props.buildspec === undefined ? "buildspec.yml" : escapeTerraformTemplates(props.buildspec) },
      artifacts: { type: "CODEPIPELINE", encryptionDisabled: false },
      environment: {
        type: "LINUX_CONTAINER",
        computeType: "BUILD_GENERAL1_SMALL",
        image: props.image ?? "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        imagePullCredentialsType: "CODEBUILD",
        privilegedMode: props.privileged ?? false,
        environmentVariable: props.environmentVariables
          ? Object.entries(props.environmentVariables).map(([name, value]) => ({ name, value, type: "PLAINTEXT" }))
          : undefined,
      },
      logsConfig: {
        cloudwatchLogs: { status: "ENABLED", groupName: this.logGroup.name },
        s3Logs: { status: "DISABLED" },
      },
    });
  }
}

/** `text` as a Terraform string literal that means `text`: `$${` and `%%{` are its escapes for a literal `${` and `%{`. */
function escapeTerraformTemplates(text: string): string {
  return text.replace(/([$%])\{/g, "$1$1{");
}
