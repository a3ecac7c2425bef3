import { blocks, finding, Finding, GuardrailRule, isTrue } from "../rule";
import { attachedAlarmCount, DEPLOYMENT_GROUP_TYPES } from "../resources";

export const codedeployRollback: GuardrailRule = {
  id: "CODEDEPLOY-ROLLBACK",
  checks: "Deployment groups roll back automatically on failure, and on alarm whenever alarms are attached",
  rationale: "Blue/green is only safe if a failed or alarming deployment returns traffic to the old fleet without a human",
  mirrors: "none (no scanner checks CodeDeploy groups)",
  severity: "error",
  resourceTypes: DEPLOYMENT_GROUP_TYPES,
  check(group) {
    const rollback = blocks(group.config.auto_rollback_configuration)[0];
    const events: string[] = isTrue(rollback?.enabled) ? (rollback?.events ?? []) : [];
    const findings: Finding[] = [];
    const fix = 'set autoRollbackConfiguration { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] }';
    if (!events.includes("DEPLOYMENT_FAILURE")) findings.push(finding("a failed deployment is not rolled back automatically", fix));
    if (attachedAlarmCount(group) > 0 && !events.includes("DEPLOYMENT_STOP_ON_ALARM")) {
      findings.push(finding("alarms are attached, but a deployment they stop is not rolled back", fix));
    }
    return findings;
  },
};
