import { Construct } from "constructs";
import { AwsContext } from "../../modules/shared/aws-context";
import { DeliveryPipeline } from "../../modules/delivery/pipeline";
import { PipelineSource } from "../../modules/delivery/source";
import { SourceSettings } from "../../modules/delivery/source";
import { policyStatements, synthModule } from "../support/synth";

function pipeline(scope: Construct, aws: AwsContext, settings: SourceSettings, requireApproval?: boolean) {
  const source = new PipelineSource(scope, "source", { settings, defaultRepositoryName: "shop-dev", connectionName: "shop-dev-gh" });
  return new DeliveryPipeline(scope, "pipeline", {
    aws,
    pipelineName: "shop-dev",
    roleName: "shop-dev-pipeline",
    triggerRoleName: "shop-dev-pipeline-trigger",
    triggerRuleName: "shop-dev-source-push",
    artifactBucketName: "shop-dev-artifacts",
    artifactBucketArn: "arn:aws:s3:::shop-dev-artifacts",
    source,
    buildProjectName: "shop-dev-build",
    buildProjectArn: "arn:aws:codebuild:us-east-1:123456789012:project/shop-dev-build",
    applicationName: "shop-dev",
    deploymentGroupName: "shop-dev",
    deploymentConfigName: "CodeDeployDefault.HalfAtATime",
    requireApproval,
  });
}

const codecommit: SourceSettings = { provider: "codecommit", branch: "main" };

describe("DeliveryPipeline", () => {
  const synth = synthModule((scope, aws) => pipeline(scope, aws, codecommit));
  const resource = synth.resource("aws_codepipeline");

  test("Source → Build → Deploy into the blue/green group, artifacts in the bucket, executions queued", () => {
    expect(resource.stage.map((stage: any) => stage.name)).toEqual(["Source", "Build", "Deploy"]);
    expect(resource).toMatchObject({ pipeline_type: "V2", execution_mode: "QUEUED", artifact_store: [{ type: "S3", location: "shop-dev-artifacts" }] });
    expect(resource.stage[1].action[0]).toMatchObject({ provider: "CodeBuild", input_artifacts: ["source"], output_artifacts: ["revision"] });
    expect(resource.stage[2].action[0]).toMatchObject({
      provider: "CodeDeploy",
      input_artifacts: ["revision"],
      configuration: { ApplicationName: "shop-dev", DeploymentGroupName: "shop-dev" },
    });
  });

  test("a manual approval stands before Deploy only when asked", () => {
    const approved = synthModule((scope, aws) => pipeline(scope, aws, codecommit, true)).resource("aws_codepipeline");
    expect(approved.stage.map((stage: any) => stage.name)).toEqual(["Source", "Build", "Approve", "Deploy"]);
    expect(approved.stage[2].action[0]).toMatchObject({ category: "Approval", provider: "Manual" });
  });

  test("its role reaches exactly the source, the bucket, the build project and this deployment group", () => {
    const statements = policyStatements(synth, "pipeline_access_document");
    expect(statements.map((s) => s.sid)).toEqual([
      "ReadSourceRepository",
      "ReadWriteArtifacts",
      "InspectArtifactBucket",
      "RunBuild",
      "Deploy",
      "RegisterRevision",
      "ReadDeploymentConfig",
    ]);
    const resources = Object.fromEntries(statements.map((s) => [s.sid, s.resources]));
    expect(resources.RunBuild).toEqual(["arn:aws:codebuild:us-east-1:123456789012:project/shop-dev-build"]);
    expect(resources.Deploy).toEqual([expect.stringMatching(/^arn:aws:codedeploy:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:deploymentgroup:shop-dev\/shop-dev$/)]);
    expect(resources.ReadDeploymentConfig[0]).toMatch(/:deploymentconfig:CodeDeployDefault\.HalfAtATime$/);
    for (const statement of statements) expect(statement.resources).not.toContain("*");
  });

  test("a CodeCommit push to the branch starts the pipeline through EventBridge", () => {
    const rule = synth.resource("aws_cloudwatch_event_rule");
    expect(rule.name).toBe("shop-dev-source-push");
    expect(rule.event_pattern).toContain('"referenceName" = ["main"]');
    expect(rule.event_pattern).toMatch(/"resources" = \[aws_codecommit_repository\.\w+\.arn\]/);
    expect(rule.event_pattern).toMatch(/^\$\{jsonencode\(/);
    const target = synth.resource("aws_cloudwatch_event_target");
    expect(target.arn).toMatch(/aws_codepipeline\.\w+\.arn/);
    expect(policyStatements(synth, "trigger_access_document")).toEqual([
      expect.objectContaining({ actions: ["codepipeline:StartPipelineExecution"], resources: [expect.stringMatching(/aws_codepipeline\.\w+\.arn/)] }),
    ]);
  });

  test("a GitHub source needs no push rule (the connection detects changes)", () => {
    const github = synthModule((scope, aws) => pipeline(scope, aws, { provider: "github", repository: "acme/shop", branch: "main" }));
    expect(github.resources("aws_cloudwatch_event_rule")).toEqual({});
    expect(policyStatements(github, "pipeline_access_document")[0].sid).toBe("UseSourceConnection");
  });
});
