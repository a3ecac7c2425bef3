import { blocks, finding, GuardrailRule, isFalse } from "../rule";

/** Defaults assumed: health_check unset = enabled, path "/", matcher "200" (CreateTargetGroup defaults), which is not the app's health path: path and matcher must be explicit — source: ELB API CreateTargetGroup, HealthCheckPath and Matcher defaults. */
export const targetGroupHealthCheck: GuardrailRule = {
  id: "TG-HEALTH-CHECK",
  checks: "Target groups define an enabled health check, with an explicit path and matcher for HTTP(S)",
  rationale: "Blue/green shifts traffic only to targets the health check passes; the default path / proves little about the app",
  mirrors: "checkov CKV_AWS_261",
  assumes: "health_check unset = enabled, path \"/\", matcher \"200\" (CreateTargetGroup defaults), which is not the app's health path: path and matcher must be explicit",
  severity: "error",
  resourceTypes: ["aws_lb_target_group", "aws_alb_target_group"],
  check({ config }) {
    if (config.target_type === "lambda") return [];
    const fix = "set healthCheck { enabled: true, path: <the app's health path>, matcher: \"200\", ... }";
    const check = blocks(config.health_check)[0];
    if (!check) return [finding("the target group defines no health check", fix)];
    if (isFalse(check.enabled)) return [finding("the health check is disabled", fix)];
    const protocol = check.protocol ?? config.protocol ?? "HTTP";
    if ((protocol === "HTTP" || protocol === "HTTPS") && (!check.path || !check.matcher)) {
      return [finding(`the ${protocol} health check leaves ${!check.path ? "path" : "matcher"} to the default`, fix)];
    }
    return [];
  },
};
