import { blocks, finding, GuardrailRule, isExpression } from "../rule";

/**
 * Defaults assumed: without `logging_config.log_group` a function logs to `/aws/lambda/<name>`,
 * which Lambda creates on the first invocation when it does not exist, with no retention —
 * source: Lambda Developer Guide, "Sending Lambda function logs to CloudWatch Logs".
 */
export const lambdaLogGroup: GuardrailRule = {
  id: "LAMBDA-LOG-GROUP",
  checks: "Every Lambda function logs to a log group this stack creates (logging_config.log_group, or /aws/lambda/{function name})",
  rationale: "Otherwise Lambda creates /aws/lambda/{function name} itself on the first invocation, outside Terraform and keeping logs forever",
  mirrors: "none (scanners check the log group, not whether the function's own exists)",
  assumes: "logging_config.log_group unset = /aws/lambda/{function name}, created by Lambda without retention",
  severity: "error",
  resourceTypes: ["aws_lambda_function"],
  check(resource, estate) {
    const { config } = resource;
    const named = blocks(config.logging_config)[0]?.log_group ?? `/aws/lambda/${config.function_name}`;
    const groups = estate.ofType("aws_cloudwatch_log_group");
    const created = isExpression(named)
      ? estate.target(named)?.type === "aws_cloudwatch_log_group"
      : groups.some((group) => group.config.name === named);
    return created
      ? []
      : [finding(`the function logs to ${JSON.stringify(named)}, which this stack does not create`, "create its log group with retention and name it in loggingConfig.logGroup (NodeFunction in modules/lambda/function.ts does)")];
  },
};
