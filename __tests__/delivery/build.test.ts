import { BuildProject } from "../../modules/delivery/build";
import { policyStatements, synthModule } from "../support/synth";

describe("BuildProject", () => {
  const synth = synthModule(
    (scope, aws) =>
      new BuildProject(scope, "build", {
        aws,
        projectName: "shop-dev-build",
        roleName: "shop-dev-codebuild",
        logGroupName: "/aws/codebuild/shop-dev-build",
        artifactBucketArn: "arn:aws:s3:::shop-dev-artifacts",
      }),
  );

  test("runs the revision's buildspec on a small managed Amazon Linux image, unprivileged", () => {
    const project = synth.resource("aws_codebuild_project");
    expect(project.source).toEqual({ type: "CODEPIPELINE", buildspec: "buildspec.yml" });
    expect(project.environment).toMatchObject({
      compute_type: "BUILD_GENERAL1_SMALL",
      image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
      privileged_mode: false,
      type: "LINUX_CONTAINER",
    });
    expect(project.artifacts).toEqual({ type: "CODEPIPELINE", encryption_disabled: false });
  });

  test("logs to its own log group, kept for a bounded time", () => {
    expect(synth.resource("aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/codebuild/shop-dev-build", retention_in_days: 30 });
    expect(synth.resource("aws_codebuild_project").logs_config.cloudwatch_logs).toMatchObject({ status: "ENABLED" });
  });

  test("its role reaches only the log group and the artifact bucket", () => {
    const statements = policyStatements(synth, "access_document");
    expect(statements.map((s) => [s.sid, s.resources])).toEqual([
      ["WriteBuildLogs", [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.\w+\.arn\}:\*$/)]],
      ["ReadWriteArtifacts", ["arn:aws:s3:::shop-dev-artifacts/*"]],
      ["LocateArtifactBucket", ["arn:aws:s3:::shop-dev-artifacts"]],
    ]);
    expect(policyStatements(synth, "trust")[0].principals).toEqual([{ type: "Service", identifiers: ["codebuild.amazonaws.com"] }]);
  });

  test.each([
    [{ logRetentionDays: 10 }, "BuildProject: logRetentionDays must be one of"],
    [{ timeoutMinutes: 1 }, "BuildProject: timeoutMinutes must be a whole number from 5 to 480, got 1"],
  ])("rejects %o", (extra, message) => {
    expect(() =>
      synthModule(
        (scope, aws) =>
          new BuildProject(scope, "b", { aws, projectName: "p", roleName: "r", logGroupName: "/l", artifactBucketArn: "arn:aws:s3:::b", ...extra }),
      ),
    ).toThrow(message);
  });
});
