import { finding, GuardrailRule, isTrue } from "../rule";
import { isApplicationLoadBalancer, LOAD_BALANCER_TYPES } from "../resources";

/** Defaults assumed: drop_invalid_header_fields unset = false (the load balancer attribute routing.http.drop_invalid_header_fields.enabled defaults to false) — source: Elastic Load Balancing User Guide for ALBs, "Load balancer attributes". */
export const albDropInvalidHeaders: GuardrailRule = {
  id: "ALB-DROP-INVALID-HEADERS",
  checks: "Application load balancers drop invalid HTTP header fields",
  rationale: "Malformed headers are a request-smuggling vector between the ALB and the web server",
  mirrors: "checkov CKV_AWS_131, trivy AVD-AWS-0052, Security Hub ELB.4",
  assumes: "drop_invalid_header_fields unset = false (the load balancer attribute routing.http.drop_invalid_header_fields.enabled defaults to false)",
  severity: "error",
  resourceTypes: LOAD_BALANCER_TYPES,
  check({ config }) {
    if (!isApplicationLoadBalancer(config) || isTrue(config.drop_invalid_header_fields)) return [];
    return [finding("the load balancer forwards invalid header fields", "set dropInvalidHeaderFields: true")];
  },
};
