import { Construct } from "constructs";
import { Fn } from "cdktf";
import { CodecommitRepository } from "@cdktf/provider-aws/lib/codecommit-repository";
import { CodestarconnectionsConnection } from "@cdktf/provider-aws/lib/codestarconnections-connection";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { CodepipelineStageAction } from "@cdktf/provider-aws/lib/codepipeline";
import { AWS_NAME_LIMITS, ResourceNames } from "../shared/naming";

export const SOURCE_PROVIDERS = ["codecommit", "github"] as const;

/** An EventBridge pattern that starts the pipeline, for sources that do not start it themselves. */
export interface StartRule {
  /** What starts it, for the rule's description ("a push to main"). */
  readonly description: string;
  readonly eventPattern: string;
  /** Description of the role EventBridge starts the pipeline with. */
  readonly roleDescription: string;
}

/** What a pipeline takes its revision from. */
export interface RevisionSource {
  /** What the pipeline role needs to read from this source. */
  readonly pipelineStatements: DataAwsIamPolicyDocumentStatement[];
  /** The rule that starts the pipeline, when the source does not detect changes itself. */
  readonly startRule?: StartRule;
  /** The pipeline's source action, producing `outputArtifact`. */
  sourceAction(outputArtifact: string): CodepipelineStageAction;
}

/** Where the pipeline takes the revision from. */
export interface SourceSettings {
  /** @default "codecommit" */
  readonly provider: (typeof SOURCE_PROVIDERS)[number];
  /** GitHub: `owner/name` (required). CodeCommit: the repository name. @default CodeCommit: `<appName>-<env>` */
  readonly repository?: string;
  /** @default "main" */
  readonly branch: string;
  /**
   * GitHub: an existing (AVAILABLE) CodeConnections/CodeStar connection to use instead of
   * creating one that starts PENDING. Connections are global: one serves every region.
   * @default a new connection per stack
   */
  readonly connectionArn?: string;
}

/** The names a repository source of the environment `names` takes: the CodeCommit repository it creates by default, and the connection's. */
export function sourceNames(names: ResourceNames): Pick<PipelineSourceProps, "defaultRepositoryName" | "connectionName"> {
  return { defaultRepositoryName: names.codeCommitRepository, connectionName: names.sourceConnection };
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
export class PipelineSource extends Construct implements RevisionSource {
  public readonly provider: SourceSettings["provider"];
  public readonly branch: string;
  /** The CodeCommit repository, when the source is CodeCommit. */
  public readonly repository?: CodecommitRepository;
  /** The connection this stack creates, when the source is GitHub and no `connectionArn` is given. */
  public readonly connection?: CodestarconnectionsConnection;
  /** ARN of the connection the pipeline uses, when the source is GitHub. */
  public readonly connectionArn?: string;
  /** CodeCommit: a push to the branch starts the pipeline (GitHub connections detect changes themselves). */
  public readonly startRule?: StartRule;
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
      if (settings.connectionArn === undefined) {
        this.connection = new CodestarconnectionsConnection(this, "connection", { name: props.connectionName, providerType: "GitHub" });
      }
      this.connectionArn = settings.connectionArn ?? this.connection!.arn;
      this.pipelineStatements = [
        {
          sid: "UseSourceConnection",
          actions: ["codestar-connections:UseConnection", "codeconnections:UseConnection"],
          resources: [this.connectionArn],
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
      this.startRule = {
        description: `a push to ${settings.branch}`,
        roleDescription: "EventBridge: start the pipeline on a push",
        eventPattern: Fn.jsonencode({
          source: ["aws.codecommit"],
          "detail-type": ["CodeCommit Repository State Change"],
          resources: [this.repository.arn],
          detail: { event: ["referenceCreated", "referenceUpdated"], referenceType: ["branch"], referenceName: [settings.branch] },
        }),
      };
    }
  }

  /** The pipeline's source action, producing `outputArtifact`. */
  sourceAction(outputArtifact: string): CodepipelineStageAction {
    const common = { name: "Source", category: "Source", owner: "AWS", version: "1", outputArtifacts: [outputArtifact] };
    if (this.connectionArn) {
      return {
        ...common,
        provider: "CodeStarSourceConnection",
        configuration: {
          ConnectionArn: this.connectionArn,
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
