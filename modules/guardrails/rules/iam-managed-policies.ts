import { instancesOf } from "../effective";
import { AWS_MANAGED_POLICIES, awsManagedPolicy, awsManagedPolicyName, ManagedPolicyEntry } from "../managed-policies";
import { actionMatches } from "../policy";
import { finding, Finding, GuardrailRule } from "../rule";
import { SERVICE_WILDCARD } from "./iam-no-service-wildcard";

/** Where each attachment type keeps its policy ARNs. */
const ARN_ARGUMENTS: Record<string, string> = {
  aws_iam_role_policy_attachment: "policy_arn",
  aws_iam_user_policy_attachment: "policy_arn",
  aws_iam_group_policy_attachment: "policy_arn",
  aws_iam_policy_attachment: "policy_arn",
  aws_iam_role: "managed_policy_arns",
  aws_iam_role_policy_attachments_exclusive: "policy_arns",
  aws_iam_user_policy_attachments_exclusive: "policy_arns",
  aws_iam_group_policy_attachments_exclusive: "policy_arns",
};

/** IAM actions that change who may do what: granting any of them on "*" is privilege escalation. */
const PERMISSION_MANAGEMENT = ["iam:PassRole", "iam:CreatePolicyVersion", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey", "iam:CreateUser"];

/** What is wrong with what a managed policy grants (the same judgement as the inline-policy rules). */
function excessGrants(entry: ManagedPolicyEntry): string[] {
  const problems: string[] = [];
  for (const statement of entry.statements) {
    if (statement.notActions) problems.push(`every action except ${statement.notActions.join(", ")} (NotAction)`);
    for (const action of statement.actions ?? []) {
      if (action === "*") problems.push('every action ("*": administrator)');
      else if (SERVICE_WILDCARD.test(action)) problems.push(`all of ${action.split(":")[0]} (${action})`);
      else if (statement.resources.includes("*") && PERMISSION_MANAGEMENT.some((managed) => actionMatches(action, managed))) problems.push(`${action} on every resource (privilege escalation)`);
    }
  }
  return problems;
}

/**
 * Judges AWS-managed policies attached by ARN from the curated table in managed-policies.ts (what
 * each grants, with its AWS Managed Policy Reference page). A policy of the stack attached by
 * reference is judged by the identity-policy rules instead; an ARN that is neither in the table
 * nor a policy of the stack cannot be judged, which is a finding too.
 */
export const iamManagedPolicies: GuardrailRule = {
  id: "IAM-MANAGED-POLICIES",
  checks: "AWS-managed policies attached by ARN are in the curated table and grant no \"*\", NotAction, \"service:*\" or IAM permission management on \"*\"",
  rationale: "AdministratorAccess, PowerUserAccess or AmazonS3FullAccess attached by ARN grant what the inline-policy rules forbid, out of their sight",
  mirrors: "checkov CKV_AWS_274 (AdministratorAccess), Security Hub IAM.1 in part",
  severity: "error",
  resourceTypes: Object.keys(ARN_ARGUMENTS),
  check(resource, estate) {
    const findings: Finding[] = [];
    for (const { config } of instancesOf(resource)) {
      const value = config[ARN_ARGUMENTS[resource.type]];
      for (const arn of value === undefined ? [] : Array.isArray(value) ? value : [value]) {
        const target = estate.target(arn);
        if (target?.type === "aws_iam_policy" && target.kind === "resource") continue; // judged by the identity-policy rules
        const literalArn = target?.type === "aws_iam_policy" && target.kind === "data" ? target.config.arn : arn;
        const name = awsManagedPolicyName(literalArn);
        const entry = name === undefined ? undefined : awsManagedPolicy(name);
        if (!entry) {
          findings.push(
            finding(
              `${String(arn)} cannot be judged: ${name ? `the AWS-managed policy ${name} is not in the curated table` : "it is neither an AWS-managed policy nor a policy of this stack"}`,
              `attach a policy this stack writes, or add ${name ?? "the policy"} with its AWS Managed Policy Reference page to modules/guardrails/managed-policies.ts (known: ${AWS_MANAGED_POLICIES.map((known) => known.name).join(", ")})`,
            ),
          );
          continue;
        }
        const excess = excessGrants(entry);
        if (excess.length > 0) {
          findings.push(finding(`the AWS-managed policy ${entry.name} grants ${excess.join("; ")} (${entry.source})`, "write a policy with the actions and resources the principal needs (policyDocument() in modules/shared/iam.ts)"));
        }
      }
    }
    return findings;
  },
};
