import { blocks, finding, GuardrailRule, isTrue } from "../rule";

/** Defaults assumed: privileged_mode unset = false — source: CodeBuild API ProjectEnvironment.privilegedMode. */
export const codebuildUnprivileged: GuardrailRule = {
  id: "CODEBUILD-UNPRIVILEGED",
  checks: "CodeBuild projects do not run in privileged mode",
  rationale: "Privileged builds get root on the build host (Docker daemon access); this build only lints and zips",
  mirrors: "checkov CKV_AWS_316, Security Hub CodeBuild.5",
  assumes: "privileged_mode unset = false",
  severity: "error",
  resourceTypes: ["aws_codebuild_project"],
  check({ config }) {
    return isTrue(blocks(config.environment)[0]?.privileged_mode)
      ? [finding("the build environment runs privileged", "set privilegedMode: false (build images with a dedicated, reviewed project if you must)")]
      : [];
  },
};
