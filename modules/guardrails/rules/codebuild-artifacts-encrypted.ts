import { blocks, finding, GuardrailRule, isTrue } from "../rule";

export const codebuildArtifactsEncrypted: GuardrailRule = {
  id: "CODEBUILD-ARTIFACTS-ENCRYPTED",
  checks: "CodeBuild artifacts (primary and secondary) and S3 logs are encrypted",
  rationale: "Build output is the revision that runs in production; it must not sit unencrypted",
  mirrors: "checkov CKV_AWS_78, trivy AVD-AWS-0018, Security Hub CodeBuild.3",
  severity: "error",
  resourceTypes: ["aws_codebuild_project"],
  check({ config }) {
    const fix = "remove encryptionDisabled (or set it false)";
    const unencrypted = [
      ...blocks(config.artifacts).map((artifact) => ["artifacts", artifact] as const),
      ...blocks(config.secondary_artifacts).map((artifact) => [`secondary artifact ${artifact.artifact_identifier ?? ""}`.trim(), artifact] as const),
      ...blocks(blocks(config.logs_config)[0]?.s3_logs).map((logs) => ["S3 logs", logs] as const),
    ].filter(([, block]) => isTrue(block.encryption_disabled));
    return unencrypted.map(([what]) => finding(`${what} are written unencrypted (encryption_disabled)`, fix));
  },
};
