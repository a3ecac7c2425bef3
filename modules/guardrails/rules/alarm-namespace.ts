import { blocks, finding, GuardrailRule } from "../rule";

/** Namespaces people reach for that no AWS service publishes, with what to watch instead. */
const NONEXISTENT_NAMESPACES: Record<string, string> = {
  "AWS/CodeDeploy": "CodeDeploy publishes no CloudWatch metrics: alarm on the ALB/ASG metrics and follow deployments through EventBridge (the events module)",
  "AWS/CodeCommit": "CodeCommit publishes no CloudWatch metrics: follow repository events through EventBridge",
};

export const alarmNamespace: GuardrailRule = {
  id: "ALARM-NAMESPACE",
  checks: "No alarm watches a metric namespace that does not exist (AWS/CodeDeploy, AWS/CodeCommit)",
  rationale: "Such an alarm stays in INSUFFICIENT_DATA forever, so it never stops or rolls back a bad deployment",
  mirrors: "none (no scanner knows which namespaces exist)",
  severity: "error",
  resourceTypes: ["aws_cloudwatch_metric_alarm"],
  check({ config }) {
    const namespaces = [config.namespace, ...blocks(config.metric_query).map((query) => blocks(query.metric)[0]?.namespace)];
    return namespaces
      .filter((namespace): namespace is string => typeof namespace === "string" && namespace in NONEXISTENT_NAMESPACES)
      .map((namespace) => finding(`the alarm watches ${namespace}, a namespace with no metrics`, NONEXISTENT_NAMESPACES[namespace]));
  },
};
