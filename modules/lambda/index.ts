import type { FrontDoor, FunctionUrlAuth, LambdaArchitecture, LambdaDeploymentConfigSetting, LambdaRuntime } from "./limits";

/** Thresholds of the alarms on the `live` alias that stop and roll back a deployment. */
export interface LambdaAlarmSettings {
  /** Function errors per minute (Errors, Sum) above which the alarm fires. */
  readonly errorsPerMinute: number;
  /** Throttled invocations per minute (Throttles, Sum) above which the alarm fires. */
  readonly throttlesPerMinute: number;
  /** p99 Duration, in milliseconds, above which the alarm fires; below the timeout, or it never can. */
  readonly durationP99Milliseconds: number;
}

/** The `lambda` block of a Lambda environment (`platform: "lambda"`). */
export interface LambdaSettings {
  readonly runtime: LambdaRuntime;
  readonly architecture: LambdaArchitecture;
  /** MiB. */
  readonly memorySize: number;
  /** Seconds. */
  readonly timeout: number;
  /** Concurrent executions reserved for the function. @default none (the account's unreserved pool) */
  readonly reservedConcurrency?: number;
  /** Environment variables of the function. */
  readonly environment: Record<string, string>;
  /** X-Ray active tracing (`tracing_config.mode = "Active"`). */
  readonly tracing: boolean;
  readonly frontDoor: FrontDoor;
  /** Auth of the function URL (frontDoor "function-url"). */
  readonly functionUrlAuth: FunctionUrlAuth;
  /** Why a function URL may be public (required with functionUrlAuth "NONE"; becomes the guardrail suppression's reason). */
  readonly publicUrlReason?: string;
  readonly deploymentConfig: LambdaDeploymentConfigSetting;
  readonly alarms: LambdaAlarmSettings;
}

export { LAMBDA_ALARMS, lambdaAlarmSpecs } from "./alarms";
