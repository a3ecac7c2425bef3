import { entryCount, finding, GuardrailRule } from "../rule";

/** Defaults assumed: health_check_type unset = EC2 (instance status checks only) — source: Amazon EC2 Auto Scaling API CreateAutoScalingGroup, HealthCheckType. */
export const asgElbHealthCheck: GuardrailRule = {
  id: "ASG-ELB-HEALTH-CHECK",
  checks: "Auto Scaling groups attached to a target group or load balancer use ELB health checks",
  rationale: "With EC2 checks only, an instance whose app is down stays in service and is never replaced",
  mirrors: "checkov CKV_AWS_153, Security Hub AutoScaling.1",
  assumes: "health_check_type unset = EC2 (instance status checks only)",
  severity: "error",
  resourceTypes: ["aws_autoscaling_group"],
  check({ config, address, kind }, estate) {
    // A lookup of an existing group (data.aws_autoscaling_group) is not a fleet this stack creates.
    if (kind === "data") return [];
    const attached =
      entryCount(config.target_group_arns) > 0 ||
      entryCount(config.load_balancers) > 0 ||
      estate.referencing(["aws_autoscaling_attachment", "aws_autoscaling_traffic_source_attachment"], "autoscaling_group_name", address).length > 0;
    if (!attached || config.health_check_type === "ELB") return [];
    return [finding(`the group receives load balancer traffic but uses ${config.health_check_type ?? "EC2"} health checks`, 'set healthCheckType: "ELB" and a healthCheckGracePeriod')];
  },
};
