import { PipelineSource } from "../../modules/delivery/source";
import { synthModule } from "../support/synth";

const names = { defaultRepositoryName: "shop-dev", connectionName: "shop-dev-gh" };

describe("PipelineSource", () => {
  test("defaults to a CodeCommit repository read on push, not by polling", () => {
    let source!: PipelineSource;
    const synth = synthModule((scope) => (source = new PipelineSource(scope, "source", { ...names, settings: { provider: "codecommit", branch: "main" } })));
    expect(synth.resource("aws_codecommit_repository")).toMatchObject({ repository_name: "shop-dev", default_branch: "main" });
    expect(synth.resources("aws_codestarconnections_connection")).toEqual({});
    expect(source.sourceAction("src")).toMatchObject({
      provider: "CodeCommit",
      outputArtifacts: ["src"],
      configuration: { BranchName: "main", PollForSourceChanges: "false", OutputArtifactFormat: "CODE_ZIP" },
    });
    expect(source.pipelineStatements[0].actions).toContain("codecommit:GetBranch");
  });

  test("GitHub goes through a connection that only its pipeline may use", () => {
    let source!: PipelineSource;
    const synth = synthModule(
      (scope) => (source = new PipelineSource(scope, "source", { ...names, settings: { provider: "github", repository: "acme/shop", branch: "release" } })),
    );
    expect(synth.resource("aws_codestarconnections_connection")).toMatchObject({ name: "shop-dev-gh", provider_type: "GitHub" });
    expect(synth.resources("aws_codecommit_repository")).toEqual({});
    expect(source.sourceAction("src")).toMatchObject({
      provider: "CodeStarSourceConnection",
      configuration: { FullRepositoryId: "acme/shop", BranchName: "release", DetectChanges: "true" },
    });
    expect(source.pipelineStatements).toEqual([
      expect.objectContaining({ actions: ["codestar-connections:UseConnection", "codeconnections:UseConnection"] }),
    ]);
  });

  test.each([
    [{ provider: "github" as const, branch: "main" }, 'PipelineSource: a GitHub source needs repository as owner/name, got ""'],
    [{ provider: "github" as const, repository: "acme/shop", branch: "main", long: true }, "exceeds 32 characters"],
  ])("rejects %o", (settings, message) => {
    const connectionName = "long" in settings ? "x".repeat(33) : names.connectionName;
    expect(() => synthModule((scope) => new PipelineSource(scope, "s", { ...names, connectionName, settings }))).toThrow(message);
  });
});
