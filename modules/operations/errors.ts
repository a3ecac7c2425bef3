/**
 * Turns what the SDK threw into what an operator reads: AWS's own error name and message,
 * unchanged, plus the fix when the cause is known (credentials, region, permissions, a missing
 * deployment group). Used by every command; the exit code is EXIT.AWS_ERROR.
 */
export interface AwsFailure {
  /** `<ErrorName>: <message as AWS gave it>` */
  readonly message: string;
  /** The request ID AWS support asks for, when there was a response. */
  readonly requestId?: string;
  readonly fix?: string;
}

export interface FailureContext {
  readonly region: string;
  /** The stack, for `npx cdktf deploy <stack>` hints. */
  readonly stack: string;
}

const CREDENTIAL_ERRORS = new Set(["CredentialsProviderError", "ProviderError", "TokenProviderError"]);
const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"]);
const BAD_CREDENTIALS = new Set(["UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature"]);
const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "NotAuthorized"]);
const MISSING_ESTATE = new Set([
  "ApplicationDoesNotExistException",
  "DeploymentGroupDoesNotExistException",
  "PipelineNotFoundException",
  "TargetGroupNotFound",
  "TargetGroupNotFoundException",
]);
const THROTTLED = new Set(["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"]);
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH"]);

/** The SDK's retry layer wraps what it cannot recognise as an Error (e.g. a socket error from another realm). */
const SDK_WRAPPER = /^AWS SDK error wrapper for (?:\w*Error: )?/;

/** Errors of the SDK (with $metadata), of its credential chain, and of the network under it. */
export function isAwsError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("message" in error)) return false;
  const candidate = error as Error & { $metadata?: unknown };
  return candidate.$metadata !== undefined || CREDENTIAL_ERRORS.has(candidate.name) || networkCode(candidate) !== undefined;
}

function networkCode(error: { code?: string; message?: string }): string | undefined {
  if (error.code && UNREACHABLE.has(error.code)) return error.code;
  return [...UNREACHABLE].find((code) => new RegExp(`\\b${code}\\b`).test(error.message ?? ""));
}

export function explainAwsError(error: unknown, context: FailureContext): AwsFailure {
  const err = error as Error & { code?: string; $metadata?: { requestId?: string; httpStatusCode?: number } };
  const code = networkCode(err) ?? err.code ?? "";
  const name = err.name && err.name !== "Error" ? err.name : code || "Error";
  const message = `${name}: ${err.message.replace(SDK_WRAPPER, "")}`;
  const requestId = err.$metadata?.requestId;
  let fix: string | undefined;
  if (CREDENTIAL_ERRORS.has(name)) {
    fix =
      "no AWS credentials found: export AWS_PROFILE=<profile> (after `aws sso login --profile <profile>` for SSO), " +
      "or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, or run where a role is attached";
  } else if (EXPIRED.has(name)) {
    fix = "the session has expired: refresh it (`aws sso login`, or assume the role again) and rerun";
  } else if (BAD_CREDENTIALS.has(name)) {
    fix =
      "AWS does not accept these credentials: check that AWS_PROFILE / the access key belongs to the target account, " +
      "that the secret matches, and that this machine's clock is right (signatures expire after 5 minutes)";
  } else if (DENIED.has(name) || err.$metadata?.httpStatusCode === 403) {
    const action = /perform: ([a-z0-9-]+:[A-Za-z]+)/.exec(err.message)?.[1];
    fix = action
      ? `grant ${action} to the identity above (its IAM policy, permission set, or an SCP/permissions boundary denies it)`
      : "the identity lacks a permission for this call: see the action named in AWS's message and grant it";
  } else if (MISSING_ESTATE.has(name)) {
    fix =
      `nothing of ${context.stack} exists in ${context.region} (the region in the configuration): apply the stack first ` +
      `(\`npx cdktf deploy ${context.stack}\`), or check that these credentials are for the account it was applied to`;
  } else if (name === "DeploymentLimitExceededException") {
    fix = `a deployment of ${context.stack} is already running: watch it (npm run status -- ${context.stack}) or stop it (npm run stop -- ${context.stack})`;
  } else if (THROTTLED.has(name)) {
    fix = "AWS is throttling this account's calls (the SDK already retried): wait a minute and rerun";
  } else if (UNREACHABLE.has(code) || UNREACHABLE.has(name)) {
    fix =
      `the ${context.region} endpoint could not be reached: check the network/proxy (HTTPS_PROXY) and that ` +
      `"${context.region}" is a region this account uses (configuration key region)`;
  } else if (name === "UnknownEndpoint" || /getaddrinfo/.test(err.message)) {
    fix = `no endpoint for region "${context.region}": check the environment's region in cdktf.json`;
  }
  return { message, requestId, fix };
}

export function formatAwsFailure(failure: AwsFailure): string {
  return [
    `AWS error: ${failure.message}`,
    ...(failure.requestId ? [`  request ID: ${failure.requestId}`] : []),
    ...(failure.fix ? [`  fix: ${failure.fix}`] : []),
  ].join("\n");
}
