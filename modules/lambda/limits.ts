/**
 * What AWS Lambda, API Gateway and CodeDeploy accept for the settings of a Lambda environment;
 * the configuration (modules/config/lambda.ts) and the constructs check against these.
 */

/**
 * Node.js runtimes the sample, the hooks and the project's own functions run on. Lambda runtimes
 * table ("Supported runtimes", AWS Lambda Developer Guide): nodejs22.x is deprecated on
 * 2027-04-30 and blocks function creation from 2027-06-01. nodejs20.x is not offered: Node.js 20
 * reached end of life on 2026-04-30, when Lambda deprecated the runtime, and Lambda blocks
 * creating functions on it from 2026-08-31, so a stack with one would fail its first apply.
 * nodejs24.x is not among the runtimes hashicorp/aws 5.100.0 accepts.
 */
export const LAMBDA_RUNTIMES = ["nodejs22.x"] as const;
export type LambdaRuntime = (typeof LAMBDA_RUNTIMES)[number];
export const DEFAULT_LAMBDA_RUNTIME: LambdaRuntime = "nodejs22.x";
/** Why a runtime that was offered before is refused now (configuration messages). */
export const RETIRED_LAMBDA_RUNTIMES: Readonly<Record<string, string>> = {
  "nodejs20.x": "deprecated on 2026-04-30 (Node.js 20 end of life); Lambda blocks creating functions on it from 2026-08-31",
  "nodejs18.x": "deprecated on 2025-09-01; Lambda blocks creating functions on it",
};

/** Lambda instruction set architectures (CreateFunction `Architectures`). */
export const LAMBDA_ARCHITECTURES = ["arm64", "x86_64"] as const;
export type LambdaArchitecture = (typeof LAMBDA_ARCHITECTURES)[number];

/** CreateFunction `MemorySize`: 128 to 10,240 MB, in 1-MB increments. */
export const MEMORY_MIB = { min: 128, max: 10240 } as const;
/** CreateFunction `Timeout`: at most 900 seconds (15 minutes). */
export const TIMEOUT_SECONDS = { min: 1, max: 900 } as const;
/**
 * API Gateway quotas: "Maximum integration timeout for HTTP APIs: 30 seconds". A function that
 * runs longer behind an HTTP API answers 503 while it still runs.
 */
export const HTTP_API_MAX_TIMEOUT_SECONDS = 30;
/**
 * Reserved concurrency: Lambda keeps 100 of the account's concurrency unreserved, so with the
 * default quota of 1,000 at most 900 can be reserved (Lambda "Configuring reserved concurrency").
 */
export const MAX_RESERVED_CONCURRENCY = 900;
/** "The total size of all environment variables doesn't exceed 4 KB" (Lambda "Working with environment variables"). */
export const MAX_ENVIRONMENT_BYTES = 4096;
/** Environment variable keys Lambda reserves for the runtime ("Defined runtime environment variables"). */
export const RESERVED_ENVIRONMENT_KEYS = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_DEFAULT_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_LAMBDA_RUNTIME_API",
  "AWS_REGION",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "LAMBDA_RUNTIME_DIR",
  "LAMBDA_TASK_ROOT",
] as const;

/** How clients reach the alias: a Lambda function URL, or an API Gateway HTTP API. */
export const FRONT_DOORS = ["function-url", "http-api"] as const;
export type FrontDoor = (typeof FRONT_DOORS)[number];
/** Function URL `AuthType` (CreateFunctionUrlConfig). */
export const FUNCTION_URL_AUTH_TYPES = ["AWS_IAM", "NONE"] as const;
export type FunctionUrlAuth = (typeof FUNCTION_URL_AUTH_TYPES)[number];

/**
 * The predefined deployment configs of the Lambda compute platform (CodeDeploy User Guide,
 * "Deployment configurations on an AWS Lambda compute platform").
 */
export const PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS = [
  "CodeDeployDefault.LambdaAllAtOnce",
  "CodeDeployDefault.LambdaCanary10Percent5Minutes",
  "CodeDeployDefault.LambdaCanary10Percent10Minutes",
  "CodeDeployDefault.LambdaCanary10Percent15Minutes",
  "CodeDeployDefault.LambdaCanary10Percent30Minutes",
  "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
  "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes",
  "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
  "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
] as const;
export type PredefinedLambdaDeploymentConfig = (typeof PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS)[number];

/** A stack-created `TimeBasedCanary` or `TimeBasedLinear` config: percent of traffic per step, minutes between steps. */
export interface TimeBasedDeploymentConfig {
  readonly type: "canary" | "linear";
  /** Percent of the traffic moved in the first (canary) or every (linear) step: 1–99. */
  readonly percentage: number;
  /** Minutes between the steps: 1–2880 (TimeBasedCanary/TimeBasedLinear `…Interval`). */
  readonly intervalMinutes: number;
}
export type LambdaDeploymentConfigSetting = PredefinedLambdaDeploymentConfig | TimeBasedDeploymentConfig;
/** Longest interval between traffic steps CodeDeploy accepts here: two days, as its other waits. */
export const MAX_INTERVAL_MINUTES = 2880;
