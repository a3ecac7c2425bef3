import { blocks, finding, GuardrailRule } from "../rule";

/** Defaults assumed: tracing_config unset = mode PassThrough (no traces of its own) — source: Lambda API TracingConfig, "Mode … Default: PassThrough". */
export const lambdaTracing: GuardrailRule = {
  id: "LAMBDA-TRACING",
  checks: "In production, Lambda functions trace with X-Ray (tracing_config mode Active)",
  rationale: "A canary that slows or fails is diagnosed from traces of the version that served the request",
  mirrors: "checkov CKV_AWS_50",
  assumes: "tracing_config unset = PassThrough",
  severity: "error",
  resourceTypes: ["aws_lambda_function"],
  check({ config }, estate) {
    if (!estate.production) return [];
    const mode = blocks(config.tracing_config)[0]?.mode ?? "PassThrough";
    return mode === "Active" ? [] : [finding(`tracing is ${mode} in production`, 'set tracingConfig { mode: "Active" } (lambda.tracing) and allow xray:PutTraceSegments')];
  },
};
