import { allowStatements, IDENTITY_POLICY_TYPES } from "../policy";
import { finding, GuardrailRule } from "../rule";

/** A "service:*" action: every action of one service. */
export const SERVICE_WILDCARD = /^[a-z0-9-]+:\*$/i;

export const iamNoServiceWildcard: GuardrailRule = {
  id: "IAM-NO-SERVICE-WILDCARD",
  checks: 'Identity policies allow no "service:*" actions (prefix wildcards such as ec2:Describe* are fine)',
  rationale: "service:* includes the service's destructive and permission-changing actions",
  mirrors: "Security Hub IAM.21, trivy AVD-AWS-0057",
  severity: "error",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, estate) {
    return allowStatements(resource, estate, () => undefined)
      .filter((statement) => !statement.notAction)
      .flatMap((statement) =>
        statement.actions
          .filter((action) => SERVICE_WILDCARD.test(action))
          .map((action) => finding(`${statement.sid ? `statement ${statement.sid}` : "a statement"} allows ${action}`, `list the ${action.split(":")[0]} actions the principal needs`)),
      );
  },
};
