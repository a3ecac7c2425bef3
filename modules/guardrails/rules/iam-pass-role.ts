import { actionMatches, allowStatements, IDENTITY_POLICY_TYPES } from "../policy";
import { finding, Finding, GuardrailRule } from "../rule";

export const iamPassRole: GuardrailRule = {
  id: "IAM-PASSROLE-SCOPED",
  checks: "iam:PassRole is granted on named roles only (no wildcard in the ARN) and with an iam:PassedToService condition",
  rationale: "Passing any role to any service is privilege escalation: the principal gets whatever the strongest role can do",
  mirrors: "checkov CKV_AWS_286 (privilege escalation), Security Hub IAM.1 in part",
  severity: "error",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, estate) {
    const findings: Finding[] = [];
    for (const statement of allowStatements(resource, estate, () => undefined)) {
      const grantsPassRole = statement.notAction
        ? !statement.actions.some((action) => actionMatches(action, "iam:PassRole"))
        : statement.actions.some((action) => actionMatches(action, "iam:PassRole"));
      // Only resources that can name a role matter: "*", IAM ARNs, wildcard services, references.
      const roles = statement.notResource ? ["NotResource"] : statement.resources.filter((arn) => arn === "*" || arn.includes("${") || /^arn:[^:]*:(iam|[^:]*\*[^:]*):/.test(arn));
      if (!grantsPassRole || roles.length === 0) continue;
      const label = statement.sid ? `statement ${statement.sid}` : "a statement";
      const wildcards = roles.filter((arn) => arn.includes("*") || arn === "NotResource");
      if (wildcards.length > 0) findings.push(finding(`${label} lets the principal pass roles matching ${wildcards.join(", ")}`, "list the ARNs of the roles to pass"));
      if (!statement.conditions.some(({ variable }) => variable === "iam:PassedToService")) {
        findings.push(finding(`${label} lets the principal pass the role to any service`, 'add a StringEquals condition on iam:PassedToService (e.g. "ec2.amazonaws.com")'));
      }
    }
    return findings;
  },
};
