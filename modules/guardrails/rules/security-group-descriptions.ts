import { blocks, finding, Finding, GuardrailRule } from "../rule";

/** The provider's default description: present, but says nothing. */
const PROVIDER_DEFAULT = "Managed by Terraform";

const described = (value: unknown) => typeof value === "string" && value.trim().length > 0 && value !== PROVIDER_DEFAULT;

export const securityGroupDescriptions: GuardrailRule = {
  id: "SG-DESCRIPTIONS",
  checks: "Every security group and every security group rule has a description",
  rationale: "Reviewers and auditors must be able to tell why each opening exists",
  mirrors: "checkov CKV_AWS_23, trivy AVD-AWS-0099 and AVD-AWS-0124",
  severity: "error",
  resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"],
  check({ type, config }) {
    const fix = "say who may connect and why in description";
    const findings: Finding[] = [];
    if (!described(config.description)) {
      findings.push(finding(`the ${type === "aws_security_group" ? "security group" : "rule"} has no description${config.description === undefined && type === "aws_security_group" ? ` (the provider writes "${PROVIDER_DEFAULT}")` : ""}`, fix));
    }
    if (type === "aws_security_group") {
      for (const direction of ["ingress", "egress"] as const) {
        blocks(config[direction]).forEach((rule, index) => {
          if (!described(rule.description)) findings.push(finding(`inline ${direction} rule ${index} has no description`, fix));
        });
      }
    }
    return findings;
  },
};
