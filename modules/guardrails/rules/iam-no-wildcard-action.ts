import { allowStatements, IDENTITY_POLICY_TYPES } from "../policy";
import { finding, Finding, GuardrailRule } from "../rule";

export const iamNoWildcardAction: GuardrailRule = {
  id: "IAM-NO-WILDCARD-ACTION",
  checks: 'Identity policies allow no "*" action and no NotAction, and are readable at synth time',
  rationale: "A wildcard or NotAction Allow grants every current and future action, administrator rights included",
  mirrors: "checkov CKV_AWS_62/63/286, trivy AVD-AWS-0057, Security Hub IAM.1",
  severity: "error",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, estate) {
    const findings: Finding[] = [];
    const statements = allowStatements(resource, estate, (reason) =>
      findings.push(finding(`the policy cannot be checked: ${reason}`, "build it with a DataAwsIamPolicyDocument of this stack (policyDocument() in modules/shared/iam.ts) or write literal JSON")),
    );
    for (const statement of statements) {
      const label = statement.sid ? `statement ${statement.sid}` : "a statement";
      if (statement.notAction) findings.push(finding(`${label} allows everything except ${statement.actions.join(", ")} (NotAction)`, "list the actions the principal needs"));
      else if (statement.actions.includes("*")) findings.push(finding(`${label} allows action "*"`, "list the actions the principal needs"));
    }
    return findings;
  },
};
