import { policyContents } from "../policy";
import { finding, Finding, GuardrailRule } from "../rule";

export const iamTrustServices: GuardrailRule = {
  id: "IAM-TRUST-SERVICES",
  checks: "Role trust policies let only named AWS services assume the role (Service principals, no wildcards)",
  rationale: "Every role of this estate is a service role; trusting accounts, users, federations or * opens it to people",
  mirrors: "checkov CKV_AWS_60/61, trivy AVD-AWS-0057 (trust policies)",
  severity: "error",
  resourceTypes: ["aws_iam_role"],
  check({ config }, estate) {
    const fix = 'trust { type: "Service", identifiers: ["<service>.amazonaws.com"] } (trustPolicy() in modules/shared/iam.ts)';
    const contents = policyContents(config.assume_role_policy, estate);
    if ("opaque" in contents) return [finding(`the trust policy cannot be checked: ${contents.opaque}`, fix)];
    const findings: Finding[] = [];
    for (const statement of contents.statements.filter(({ effect }) => effect === "Allow")) {
      if (statement.notPrincipal) {
        findings.push(finding("the trust policy uses NotPrincipal, trusting everyone not listed", fix));
        continue;
      }
      if (statement.principals.length === 0) findings.push(finding("a trust statement names no principal", fix));
      for (const { type, identifiers } of statement.principals) {
        if (type !== "Service") findings.push(finding(`the role trusts ${type} principals ${identifiers.join(", ")}`, fix));
        else if (identifiers.some((id) => id.includes("*"))) findings.push(finding(`the role trusts services matching ${identifiers.join(", ")}`, fix));
      }
    }
    return findings;
  },
};
