import { blocks, finding, GuardrailRule } from "../rule";
import { DEPLOYMENT_GROUP_TYPES, isBlueGreen, isServerGroup } from "../resources";

export const codedeployTargetGroup: GuardrailRule = {
  id: "CODEDEPLOY-TARGET-GROUP",
  checks: "EC2 blue/green deployment groups control traffic through a named target group (target_group_info)",
  rationale: "CodeDeploy registers the replacement fleet in that target group; without it nothing shifts traffic. Target group pairs are ECS-only",
  mirrors: "none (no scanner checks CodeDeploy groups)",
  severity: "error",
  resourceTypes: DEPLOYMENT_GROUP_TYPES,
  check(group, estate) {
    if (!isBlueGreen(group) || !isServerGroup(group, estate)) return [];
    const fix = 'set deploymentStyle.deploymentOption "WITH_TRAFFIC_CONTROL" and loadBalancerInfo.targetGroupInfo [{ name: <the production target group> }]';
    const style = blocks(group.config.deployment_style)[0];
    if (style?.deployment_option !== "WITH_TRAFFIC_CONTROL") return [finding("the blue/green group does not control traffic", fix)];
    const info = blocks(group.config.load_balancer_info)[0];
    if (blocks(info?.target_group_pair_info).length > 0) return [finding("target_group_pair_info is for ECS; EC2 blue/green ignores it", fix)];
    const names = blocks(info?.target_group_info).map((target) => target.name).filter(Boolean);
    return names.length > 0 ? [] : [finding("the blue/green group names no target group", fix)];
  },
};
