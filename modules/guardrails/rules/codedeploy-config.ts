import { PREDEFINED_DEPLOYMENT_CONFIGS } from "../../server/deployment";
import { finding, GuardrailRule, isExpression } from "../rule";
import { DEPLOYMENT_GROUP_TYPES, isServerGroup } from "../resources";

const SERVER_CONFIGS: readonly string[] = PREDEFINED_DEPLOYMENT_CONFIGS;

export const codedeployConfig: GuardrailRule = {
  id: "CODEDEPLOY-CONFIG",
  checks: "EC2 deployment groups use a predefined EC2/on-premises deployment config or one this stack creates for the Server platform",
  rationale: "A misspelt or ECS/Lambda config name fails only at apply time, or at the first deployment",
  mirrors: "none (no scanner checks CodeDeploy groups)",
  severity: "error",
  resourceTypes: DEPLOYMENT_GROUP_TYPES,
  check(group, estate) {
    if (!isServerGroup(group, estate)) return [];
    const name = group.config.deployment_config_name;
    if (name === undefined || SERVER_CONFIGS.includes(name)) return [];
    const fix = `use one of ${SERVER_CONFIGS.join(", ")}, or a CodedeployDeploymentConfig of this stack (computePlatform "Server")`;
    const created = isExpression(name)
      ? estate.target(name)
      : estate.ofType("aws_codedeploy_deployment_config").find(({ config }) => config.deployment_config_name === name);
    if (created?.type !== "aws_codedeploy_deployment_config") {
      return [finding(`deployment config ${JSON.stringify(name)} is neither predefined for EC2 nor created by this stack`, fix)];
    }
    const platform = created.config.compute_platform ?? "Server";
    return platform === "Server" ? [] : [finding(`deployment config ${created.address} is for ${platform}, not EC2/on-premises`, fix)];
  },
};
