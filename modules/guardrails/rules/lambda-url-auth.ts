import { finding, GuardrailRule } from "../rule";

export const lambdaUrlAuth: GuardrailRule = {
  id: "LAMBDA-URL-AUTH",
  checks: 'Lambda function URLs use AuthType AWS_IAM, not NONE (unless suppressed with the reason the URL is public)',
  rationale: "A NONE function URL lets anyone on the internet invoke the function, and pay for it, with no throttle in front",
  mirrors: "Security Hub Lambda.1 (public invocation), checkov CKV_AWS_258",
  severity: "error",
  resourceTypes: ["aws_lambda_function_url"],
  check({ config }) {
    return config.authorization_type === "AWS_IAM"
      ? []
      : [finding(`the function URL's auth is ${JSON.stringify(config.authorization_type)}: anyone may invoke it`, 'set authorizationType "AWS_IAM" (lambda.functionUrlAuth), or give lambda.publicUrlReason to suppress it with that reason')];
  },
};
