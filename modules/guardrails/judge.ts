import type { Estate, EstateResource } from "./estate";
import type { GuardrailRule } from "./rule";
import { iamManagedPolicies } from "./rules/iam-managed-policies";
import { iamNoServiceWildcard } from "./rules/iam-no-service-wildcard";
import { iamNoWildcardAction } from "./rules/iam-no-wildcard-action";
import { iamPassRole } from "./rules/iam-pass-role";
import { iamScopedResources } from "./rules/iam-scoped-resources";

/** One rule's verdict on a configured grant, for a configuration line: `<rule id>: <what> — <fix>`. */
export interface GrantFinding {
  readonly rule: string;
  readonly what: string;
  readonly fix: string;
}

/** The identity-policy rules, in the README's order: what an inline statement of the stack is held to. */
const IDENTITY_RULES: readonly GuardrailRule[] = [iamNoWildcardAction, iamNoServiceWildcard, iamScopedResources, iamPassRole];

/** Configured grants are literal: no element of the stack is referred to, so the estate has nothing to look up. */
const NO_ESTATE = { target: () => undefined } as unknown as Estate;

function judge(rules: readonly GuardrailRule[], type: string, config: Record<string, unknown>): GrantFinding[] {
  const resource = { kind: "resource", type, address: `${type}.configured`, config } as unknown as EstateResource;
  return rules.flatMap((rule) => rule.check(resource, NO_ESTATE).map(({ what, fix }) => ({ rule: rule.id, what, fix })));
}

/**
 * Judges a policy document (IAM JSON: `{ Statement: [...] }`) with the same rules the guardrails
 * run on the stack's identity policies, so configuration can refuse a grant before any stack is
 * built, naming the rule the synthesized policy would break.
 */
export function judgeIdentityPolicy(document: { Statement: unknown[] }): GrantFinding[] {
  return judge(IDENTITY_RULES, "aws_iam_role_policy", { policy: document });
}

/** Judges a policy ARN to attach, as `IAM-MANAGED-POLICIES` judges the attachment. */
export function judgeManagedPolicyArn(arn: string): GrantFinding[] {
  return judge([iamManagedPolicies], "aws_iam_role_policy_attachment", { policy_arn: arn });
}
