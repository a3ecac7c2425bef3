import { blocks, finding, GuardrailRule } from "../rule";

export const codebuildLogs: GuardrailRule = {
  id: "CODEBUILD-LOGS",
  checks: "CodeBuild projects log to a named CloudWatch log group (or to S3)",
  rationale: "Build logs are the audit trail of what went into a revision; a named group is one whose retention the stack sets",
  mirrors: "Security Hub CodeBuild.4",
  severity: "error",
  resourceTypes: ["aws_codebuild_project"],
  check({ config }) {
    const logs = blocks(config.logs_config)[0];
    const cloudWatch = blocks(logs?.cloudwatch_logs)[0];
    const s3 = blocks(logs?.s3_logs)[0];
    const toCloudWatch = cloudWatch !== undefined && cloudWatch.status !== "DISABLED" && Boolean(cloudWatch.group_name);
    const toS3 = s3?.status === "ENABLED";
    if (toCloudWatch || toS3) return [];
    return [
      finding(
        cloudWatch?.status === "DISABLED" && !toS3 ? "build logging is disabled" : "build logs go to an implicit log group that no one set retention for",
        "set logsConfig.cloudwatchLogs { status: \"ENABLED\", groupName: <a log group of this stack> }",
      ),
    ];
  },
};
