import { blocks, finding, GuardrailRule, isTrue } from "../rule";
import { attachedAlarmCount, DEPLOYMENT_GROUP_TYPES, isBlueGreen } from "../resources";

export const codedeployAlarms: GuardrailRule = {
  id: "CODEDEPLOY-ALARMS",
  checks: "Blue/green deployment groups have alarms attached, and a deployment stops when CodeDeploy cannot read them",
  rationale: "Health checks pass a fleet that answers 200 while users see errors; the alarms are what stop a bad release",
  mirrors: "none (no scanner checks CodeDeploy groups)",
  severity: "error",
  resourceTypes: DEPLOYMENT_GROUP_TYPES,
  check(group) {
    if (!isBlueGreen(group)) return [];
    const fix = "set alarmConfiguration { enabled: true, alarms: [the stack's ALB alarms] } (the Monitoring module's alarms)";
    if (attachedAlarmCount(group) === 0) return [finding("no alarms are attached to the blue/green deployment group", fix)];
    if (isTrue(blocks(group.config.alarm_configuration)[0]?.ignore_poll_alarm_failure)) {
      return [finding("deployments continue when CodeDeploy cannot read the alarms (ignore_poll_alarm_failure)", "leave ignorePollAlarmFailure off")];
    }
    return [];
  },
};
