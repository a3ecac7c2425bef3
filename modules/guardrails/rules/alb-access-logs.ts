import { blocks, finding, GuardrailRule, isTrue } from "../rule";
import { isApplicationLoadBalancer, LOAD_BALANCER_TYPES } from "../resources";

/**
 * Defaults assumed: access_logs unset, or its enabled unset = false (the attribute
 * access_logs.s3.enabled defaults to false, and hashicorp/aws documents `enabled` as "Defaults to
 * false, even when bucket is specified") — source: Elastic Load Balancing User Guide for ALBs,
 * "Access logs for your Application Load Balancer" ("Access logs is an optional feature ... that is
 * disabled by default").
 */
export const albAccessLogs: GuardrailRule = {
  id: "ALB-ACCESS-LOGS",
  checks: "In production, application load balancers write access logs to an S3 bucket",
  rationale: "Without access logs a production incident leaves no record of which client asked what, when, and what the targets answered",
  mirrors: "checkov CKV_AWS_91, Security Hub ELB.5",
  assumes: "access_logs unset, or its enabled unset = false (access_logs.s3.enabled defaults to false, even with a bucket)",
  severity: "error",
  resourceTypes: LOAD_BALANCER_TYPES,
  check({ config }, estate) {
    if (!estate.production || !isApplicationLoadBalancer(config)) return [];
    const logs = blocks(config.access_logs)[0];
    if (logs && isTrue(logs.enabled) && typeof logs.bucket === "string" && logs.bucket.length > 0) return [];
    return [
      finding(
        logs && isTrue(logs.enabled) ? "access logs are enabled without a bucket" : "the production load balancer writes no access logs",
        "set accessLogs in the environment's configuration (a bucket ELB log delivery may write to: SSE-S3, the Region's log-delivery principal)",
      ),
    ];
  },
};
