import { finding, GuardrailRule, isTrue } from "../rule";
import { LOAD_BALANCER_TYPES } from "../resources";

/** Defaults assumed: enable_deletion_protection unset = false (deletion_protection.enabled defaults to false) — source: Elastic Load Balancing User Guide for ALBs, "Deletion protection". */
export const albDeletionProtection: GuardrailRule = {
  id: "ALB-DELETION-PROTECTION",
  checks: "In production, load balancers have deletion protection",
  rationale: "Deleting the production ALB takes the service and its DNS name down; a stray destroy must be refused by AWS",
  mirrors: "checkov CKV_AWS_150, Security Hub ELB.6",
  assumes: "enable_deletion_protection unset = false (deletion_protection.enabled defaults to false)",
  severity: "error",
  resourceTypes: LOAD_BALANCER_TYPES,
  check({ config }, estate) {
    if (!estate.production || isTrue(config.enable_deletion_protection)) return [];
    return [finding("the production load balancer can be deleted", "set enableDeletionProtection: true (deletionProtection in the environment's configuration)")];
  },
};
