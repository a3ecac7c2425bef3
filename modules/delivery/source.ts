import { Construct } from "constructs";
import { CodecommitRepository } from "@cdktf/provider-aws/lib/codecommit-repository";
import { CodestarconnectionsConnection } from "@cdktf/provider-aws/lib/codestarconnections-connection";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { CodepipelineStageAction } from "@cdktf/provider-aws/lib/codepipeline";
import { AWS_NAME_LIMITS } from "../shared/naming";

export const SOURCE_PROVIDERS = ["codecommit", "github"] as const;

/** Where the pipeline takes the revision from. */
export interface SourceSettings {
  /** @default "codecommit" */
  readonly provider: (typeof SOURCE_PROVIDERS)[number];
  /** GitHub: `owner/name` (required). CodeCommit: the repository name. @default CodeCommit: `<appName>-<env>` */
  readonly repository?: string;
  /** @default "main" */
  readonly branch: string;
}

export interface PipelineSourceProps {
  readonly settings: SourceSettings;
  /** Name of the CodeCommit repository created when none is named. */
  readonly defaultRepositoryName: string;
  /** Name of the GitHub connection (at most 32 characters). */
  readonly connectionName: string;
}

/**
 * Where the pipeline takes each commit from: a CodeCommit repository this stack creates (the
 * default), or a GitHub repository through a CodeStar/CodeConnections connection. A new
 * connection starts PENDING and must be approved once in the console (Developer Tools →
 * Settings → Connections) before the pipeline can read from GitHub.
 */
export class PipelineSource extends Construct {
  public readonly provider: SourceSettings["provider"];
  public readonly branch: string;
  /** The CodeCommit repository, when the source is CodeCommit. */
  public readonly repository?: CodecommitRepository;
  /** The connection, when the source is GitHub. */
  public readonly connection?: CodestarconnectionsConnection;
  /** What the pipeline role needs to read from this source. */
  public readonly pipelineStatements: DataAwsIamPolicyDocumentStatement[];
  /** `owner/name` of the GitHub repository. */
  private readonly githubRepository?: string;

  constructor(scope: Construct, id: string, props: PipelineSourceProps) {
    super(scope, id);
    const { settings } = props;
    this.provider = settings.provider;
    this.branch = settings.branch;

    if (settings.provider === "github") {
      if (!/^[^/]+\/[^/]+$/.test(settings.repository ?? "")) {
        throw new Error(`PipelineSource: a GitHub source needs repository as owner/name, got "${settings.repository ?? ""}"`);
      }
      const maxLength = AWS_NAME_LIMITS.aws_codestarconnections_connection.name;
      if (props.connectionName.length > maxLength) {
        throw new Error(`PipelineSource: connectionName "${props.connectionName}" exceeds ${maxLength} characters`);
      }
      this.githubRepository = settings.repository;
      this.connection = new CodestarconnectionsConnection(this, "connection", { name: props.connectionName, providerType: "GitHub" });
      this.pipelineStatements = [
        {
          sid: "UseSourceConnection",
          actions: ["codestar-connections:UseConnection", "codeconnections:UseConnection"],
          resources: [this.connection.arn],
        },
      ];
    } else {
      this.repository = new CodecommitRepository(this, "repository", {
        repositoryName: settings.repository ?? props.defaultRepositoryName,
        description: "Application revision (appspec.yml, hook scripts, app) deployed blue/green",
        defaultBranch: settings.branch,
      });
      this.pipelineStatements = [
        {
          sid: "ReadSourceRepository",
          actions: [
            "codecommit:GetBranch",
            "codecommit:GetCommit",
            "codecommit:GetRepository",
            "codecommit:UploadArchive",
            "codecommit:GetUploadArchiveStatus",
            "codecommit:CancelUploadArchive",
          ],
          resources: [this.repository.arn],
        },
      ];
    }
  }

  /** The pipeline's source action, producing `outputArtifact`. */
  sourceAction(outputArtifact: string): CodepipelineStageAction {
    const common = { name: "Source", category: "Source", owner: "AWS", version: "1", outputArtifacts: [outputArtifact] };
    if (this.connection) {
      return {
        ...common,
        provider: "CodeStarSourceConnection",
        configuration: {
          ConnectionArn: this.connection.arn,
          FullRepositoryId: this.githubRepository!,
          BranchName: this.branch,
          DetectChanges: "true",
          OutputArtifactFormat: "CODE_ZIP",
        },
      };
    }
    return {
      ...common,
      provider: "CodeCommit",
      configuration: {
        RepositoryName: this.repository!.repositoryName,
        BranchName: this.branch,
        // Pushes start the pipeline through an EventBridge rule instead of polling.
        PollForSourceChanges: "false",
        OutputArtifactFormat: "CODE_ZIP",
      },
    };
  }
}
