import { z } from "zod";
import {
  FRONT_DOORS,
  FUNCTION_URL_AUTH_TYPES,
  HTTP_API_MAX_TIMEOUT_SECONDS,
  LAMBDA_ARCHITECTURES,
  DEFAULT_LAMBDA_RUNTIME,
  LAMBDA_RUNTIMES,
  MAX_ENVIRONMENT_BYTES,
  MAX_INTERVAL_MINUTES,
  MAX_RESERVED_CONCURRENCY,
  MEMORY_MIB,
  RETIRED_LAMBDA_RUNTIMES,
  PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS,
  RESERVED_ENVIRONMENT_KEYS,
  TIMEOUT_SECONDS,
} from "../lambda/limits";
import type { LambdaSettings } from "../lambda";
import { flag, settingPath, wholeNumber } from "./kit";
import type { PlatformKeyContract, Platform } from "./platform";
import type { PerProfile } from "./profiles";

const COMMON = {
  runtime: DEFAULT_LAMBDA_RUNTIME,
  architecture: "arm64",
  timeout: 10,
  environment: {},
  frontDoor: "function-url",
  functionUrlAuth: "AWS_IAM",
} as const;

/**
 * dev moves all traffic at once; staging rehearses prod's canary; prod shifts 10 % for 5 minutes
 * first, traces every request and pages on the first error.
 */
export const LAMBDA_DEFAULTS: PerProfile<LambdaSettings> = {
  dev: {
    ...COMMON,
    memorySize: 256,
    tracing: false,
    deploymentConfig: "CodeDeployDefault.LambdaAllAtOnce",
    alarms: { errorsPerMinute: 5, throttlesPerMinute: 5, durationP99Milliseconds: 5000 },
  },
  staging: {
    ...COMMON,
    memorySize: 256,
    tracing: false,
    deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    alarms: { errorsPerMinute: 2, throttlesPerMinute: 2, durationP99Milliseconds: 3000 },
  },
  prod: {
    ...COMMON,
    memorySize: 512,
    tracing: true,
    deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    alarms: { errorsPerMinute: 0, throttlesPerMinute: 0, durationP99Milliseconds: 3000 },
  },
};

const timeBasedConfigSchema = z.strictObject({
  type: z.enum(["canary", "linear"], { error: 'must be "canary" (one step, then the rest) or "linear" (equal steps)' }),
  percentage: wholeNumber(1, 99),
  intervalMinutes: wholeNumber(1, MAX_INTERVAL_MINUTES),
});

const lambdaDeploymentConfigSchema = z.union([z.enum(PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS), timeBasedConfigSchema], {
  error:
    `must be one of ${PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS.join(", ")} (the predefined Lambda configs), ` +
    `or { "type": "canary" | "linear", "percentage": 1-99, "intervalMinutes": 1-${MAX_INTERVAL_MINUTES} } for a custom one`,
});

const ENVIRONMENT_KEY = /^[a-zA-Z][a-zA-Z0-9_]*$/;

const lambdaSchema = z.strictObject(
  {
    runtime: z
      .enum(LAMBDA_RUNTIMES, {
        error: (issue) => {
          const retired = typeof issue.input === "string" ? RETIRED_LAMBDA_RUNTIMES[issue.input] : undefined;
          return `must be one of ${LAMBDA_RUNTIMES.join(", ")} (the sample and hooks are Node.js)${retired ? `: ${issue.input} is ${retired}` : ""}`;
        },
      })
      .optional(),
    architecture: z.enum(LAMBDA_ARCHITECTURES, { error: `must be one of ${LAMBDA_ARCHITECTURES.join(", ")}` }).optional(),
    memorySize: wholeNumber(MEMORY_MIB.min, MEMORY_MIB.max).optional(),
    timeout: wholeNumber(TIMEOUT_SECONDS.min, TIMEOUT_SECONDS.max).optional(),
    reservedConcurrency: wholeNumber(1, MAX_RESERVED_CONCURRENCY).optional(),
    environment: z
      .record(
        z
          .string()
          .regex(ENVIRONMENT_KEY, "environment variable names start with a letter and use letters, digits and underscores")
          .refine((key) => !(RESERVED_ENVIRONMENT_KEYS as readonly string[]).includes(key), { error: "is reserved by the Lambda runtime" }),
        z.string({ error: "must be a string" }),
        { error: 'must map variable names to string values, e.g. { "LOG_LEVEL": "info" }' },
      )
      .refine((variables) => Buffer.byteLength(JSON.stringify(variables)) <= MAX_ENVIRONMENT_BYTES, {
        error: `must total at most ${MAX_ENVIRONMENT_BYTES} bytes (Lambda's limit on all variables together)`,
      })
      .optional(),
    tracing: flag.optional(),
    frontDoor: z.enum(FRONT_DOORS, { error: `must be one of ${FRONT_DOORS.join(", ")}` }).optional(),
    functionUrlAuth: z.enum(FUNCTION_URL_AUTH_TYPES, { error: `must be one of ${FUNCTION_URL_AUTH_TYPES.join(", ")}` }).optional(),
    publicUrlReason: z.string({ error: "must be a sentence saying why the URL may be public" }).trim().min(10, "must be a sentence (at least 10 characters) saying why the URL may be public").optional(),
    deploymentConfig: lambdaDeploymentConfigSchema.optional(),
    alarms: z
      .strictObject(
        {
          errorsPerMinute: wholeNumber(0, 100000).optional(),
          throttlesPerMinute: wholeNumber(0, 100000).optional(),
          durationP99Milliseconds: wholeNumber(1, TIMEOUT_SECONDS.max * 1000).optional(),
        },
        { error: 'must be an object such as { "errorsPerMinute": 1 }' },
      )
      .optional(),
  },
  { error: 'must be an object of Lambda settings, e.g. { "memorySize": 512 }' },
);

/** Keys of the `lambda` block and of its nested objects, for did-you-mean hints. */
export const LAMBDA_KEYS = Object.keys(lambdaSchema.shape);
export const LAMBDA_ALARM_KEYS = ["errorsPerMinute", "throttlesPerMinute", "durationP99Milliseconds"];
export const LAMBDA_DEPLOYMENT_CONFIG_KEYS = Object.keys(timeBasedConfigSchema.shape);

export const lambdaSettingsShape = { lambda: lambdaSchema.optional() };
export type LambdaOverrides = z.infer<typeof lambdaSchema>;

/** The profile's Lambda settings with the environment's own on top (`alarms` merged key by key). */
export function mergeLambda(defaults: LambdaSettings, overrides: LambdaOverrides | undefined): LambdaSettings {
  const defined = <T extends object>(value: T | undefined) => Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined));
  const { alarms, ...rest } = overrides ?? {};
  return { ...defaults, ...defined(rest), alarms: { ...defaults.alarms, ...defined(alarms) } } as LambdaSettings;
}

/**
 * A Lambda environment reads none of the EC2 keys (network and edge, fleet, blue/green group, ALB
 * alarms, the release chain's alarm wait): a key that silently does nothing reads as if it did
 * something.
 */
export const LAMBDA_KEY_CONTRACT: PlatformKeyContract = {
  platform: "lambda",
  block: "lambda",
  blockTitle: "Lambda",
  readsEc2Keys: [],
  ignoresBecause: "has no fleet, load balancer or blue/green group",
  hints: { deploymentConfig: "set lambda.deploymentConfig to one of the Lambda configs" },
};

/** Rules across the Lambda keys of one environment. */
export function lambdaProblems(env: { readonly name: string; readonly platform: Platform; readonly lambda: LambdaSettings }): string[] {
  if (env.platform !== "lambda") return [];
  const at = (key: string) => settingPath(env.name, `lambda.${key}`);
  const { lambda } = env;
  const problems: string[] = [];
  if (lambda.frontDoor === "http-api" && lambda.timeout > HTTP_API_MAX_TIMEOUT_SECONDS) {
    problems.push(
      `${at("timeout")}: ${lambda.timeout} — at most ${HTTP_API_MAX_TIMEOUT_SECONDS} behind frontDoor "http-api" (API Gateway's integration timeout for HTTP APIs); use "function-url" for longer requests`,
    );
  }
  if (lambda.frontDoor !== "function-url" && lambda.functionUrlAuth === "NONE") {
    problems.push(`${at("functionUrlAuth")}: "NONE" — only frontDoor "function-url" has a function URL (set frontDoor to "function-url", or remove functionUrlAuth)`);
  }
  if (lambda.frontDoor === "function-url" && lambda.functionUrlAuth === "NONE" && lambda.publicUrlReason === undefined) {
    problems.push(`${at("functionUrlAuth")}: "NONE" — a public function URL needs lambda.publicUrlReason (why anyone on the internet may invoke it)`);
  }
  if (lambda.publicUrlReason !== undefined && !(lambda.frontDoor === "function-url" && lambda.functionUrlAuth === "NONE")) {
    problems.push(`${at("publicUrlReason")}: ${JSON.stringify(lambda.publicUrlReason)} — only a function URL with functionUrlAuth "NONE" is public; remove it`);
  }
  if (lambda.alarms.durationP99Milliseconds >= lambda.timeout * 1000) {
    problems.push(
      `${at("alarms.durationP99Milliseconds")}: ${lambda.alarms.durationP99Milliseconds} — must be below the timeout (${lambda.timeout * 1000} ms): Duration never exceeds it, so the alarm could never fire`,
    );
  }
  return problems;
}
