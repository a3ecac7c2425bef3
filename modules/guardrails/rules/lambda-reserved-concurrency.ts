import { finding, GuardrailRule } from "../rule";

/**
 * Defaults assumed: reserved_concurrent_executions unset (or -1) = no reservation, the account's
 * unreserved pool — source: Lambda API PutFunctionConcurrency; 0 "throttles all invocations".
 */
export const lambdaReservedConcurrency: GuardrailRule = {
  id: "LAMBDA-RESERVED-CONCURRENCY",
  checks: "Reserved concurrency, where configured, is at least 1 (0 stops every invocation)",
  rationale: "A reservation of 0 is Lambda's off switch: every request is throttled, and a canary of it fails only once traffic arrives",
  mirrors: "none (checkov CKV_AWS_115 asks that a reservation exist, not that it admits traffic)",
  assumes: "reserved_concurrent_executions unset or -1 = unreserved",
  severity: "error",
  resourceTypes: ["aws_lambda_function"],
  check({ config }) {
    const reserved = config.reserved_concurrent_executions;
    if (reserved === undefined || reserved === null || Number(reserved) === -1 || Number(reserved) >= 1) return [];
    return [finding(`reserved concurrency is ${reserved}: every invocation is throttled`, "reserve at least 1 (lambda.reservedConcurrency), or leave it unset for the unreserved pool")];
  },
};
