import { PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS } from "../../lambda/limits";
import { PREDEFINED_DEPLOYMENT_CONFIGS } from "../../server/deployment";
import { finding, GuardrailRule, isExpression } from "../rule";
import { DEPLOYMENT_GROUP_TYPES } from "../resources";

/** The predefined configs of each compute platform this project deploys to (CodeDeploy User Guide, "Working with deployment configurations"). */
const PREDEFINED: Record<string, readonly string[]> = { Server: PREDEFINED_DEPLOYMENT_CONFIGS, Lambda: PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS };
const LABEL: Record<string, string> = { Server: "EC2/on-premises", Lambda: "Lambda" };

export const codedeployConfig: GuardrailRule = {
  id: "CODEDEPLOY-CONFIG",
  checks: "EC2 and Lambda deployment groups use a predefined deployment config of their compute platform or one this stack creates for it",
  rationale: "A misspelt config, or one of another platform, fails only at apply time, or at the first deployment",
  mirrors: "none (no scanner checks CodeDeploy groups)",
  severity: "error",
  resourceTypes: DEPLOYMENT_GROUP_TYPES,
  check(group, estate) {
    const platform = estate.target(group.config.app_name)?.config.compute_platform ?? "Server";
    const predefined = PREDEFINED[platform];
    if (!predefined) return [];
    const name = group.config.deployment_config_name;
    if (name === undefined || predefined.includes(name)) return [];
    const fix = `use one of ${predefined.join(", ")}, or a CodedeployDeploymentConfig of this stack (computePlatform "${platform}")`;
    const created = isExpression(name)
      ? estate.target(name)
      : estate.ofType("aws_codedeploy_deployment_config").find(({ config }) => config.deployment_config_name === name);
    if (created?.type !== "aws_codedeploy_deployment_config") {
      return [finding(`deployment config ${JSON.stringify(name)} is neither predefined for ${LABEL[platform]} nor created by this stack`, fix)];
    }
    const configPlatform = created.config.compute_platform ?? "Server";
    return configPlatform === platform ? [] : [finding(`deployment config ${created.address} is for ${configPlatform}, not ${LABEL[platform]}`, fix)];
  },
};
