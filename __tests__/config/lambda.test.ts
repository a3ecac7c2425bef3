import { resolveConfig } from "../../modules/config";
import { LAMBDA_DEFAULTS } from "../../modules/config/lambda";
import { problemsOf } from "../support/config";

const lambdaEnv = (settings: Record<string, unknown>, name = "api") => ({ environments: { [name]: { platform: "lambda", ...settings } } });

describe("platform and the lambda block", () => {
  test("platform defaults to ec2, and an EC2 environment carries the profile's Lambda defaults unread", () => {
    const [dev] = resolveConfig({ environments: { dev: {} } }).environments;
    expect(dev.platform).toBe("ec2");
    expect(dev.lambda).toEqual(LAMBDA_DEFAULTS.dev);
  });

  test("a Lambda environment merges its lambda block over the profile's, alarms key by key", () => {
    const [api] = resolveConfig(lambdaEnv({ profile: "prod", lambda: { memorySize: 1024, alarms: { errorsPerMinute: 3 } } })).environments;
    expect(api.lambda).toEqual({ ...LAMBDA_DEFAULTS.prod, memorySize: 1024, alarms: { ...LAMBDA_DEFAULTS.prod.alarms, errorsPerMinute: 3 } });
  });

  test("a custom canary or linear config is accepted as { type, percentage, intervalMinutes }", () => {
    const [api] = resolveConfig(lambdaEnv({ lambda: { deploymentConfig: { type: "linear", percentage: 25, intervalMinutes: 2 } } })).environments;
    expect(api.lambda.deploymentConfig).toEqual({ type: "linear", percentage: 25, intervalMinutes: 2 });
  });

  test("every bad Lambda value is reported at once, one line each naming key, value and rule", () => {
    const problems = problemsOf(
      lambdaEnv({
        lambda: {
          runtime: "python3.12",
          memorySize: 64,
          timeout: 901,
          reservedConcurrency: 0,
          environment: { AWS_REGION: "x" },
          deploymentConfig: "CodeDeployDefault.AllAtOnce",
          frontDoor: "alb",
          alarms: { errorsPerMinut: 1 },
        },
      }),
    );
    expect(problems).toEqual([
      'environments.api.lambda.runtime: "python3.12" — must be one of nodejs22.x (the sample and hooks are Node.js)',
      "environments.api.lambda.memorySize: 64 — must be a whole number from 128 to 10240",
      "environments.api.lambda.timeout: 901 — must be a whole number from 1 to 900",
      "environments.api.lambda.reservedConcurrency: 0 — must be a whole number from 1 to 900",
      expect.stringMatching(/^environments\.api\.lambda\.environment\.AWS_REGION: .* — is reserved by the Lambda runtime$/),
      'environments.api.lambda.frontDoor: "alb" — must be one of function-url, http-api',
      expect.stringMatching(/^environments\.api\.lambda\.deploymentConfig: "CodeDeployDefault\.AllAtOnce" — must be one of CodeDeployDefault\.LambdaAllAtOnce, .* \(the predefined Lambda configs\)/),
      'environments.api.lambda.alarms.errorsPerMinut: (unknown key) — not a setting; did you mean "errorsPerMinute"?',
    ]);
  });

  test("nodejs20.x is refused with the reason: Lambda no longer creates functions on it", () => {
    expect(problemsOf(lambdaEnv({ lambda: { runtime: "nodejs20.x" } }))).toEqual([
      'environments.api.lambda.runtime: "nodejs20.x" — must be one of nodejs22.x (the sample and hooks are Node.js): nodejs20.x is deprecated on 2026-04-30 (Node.js 20 end of life); Lambda blocks creating functions on it from 2026-08-31',
    ]);
  });

  test("rules across the Lambda keys: the HTTP API's 30-second limit, a public URL's reason, a duration alarm that could fire", () => {
    expect(problemsOf(lambdaEnv({ lambda: { frontDoor: "http-api", timeout: 60, alarms: { durationP99Milliseconds: 5000 } } }))).toEqual([
      'environments.api.lambda.timeout: 60 — at most 30 behind frontDoor "http-api" (API Gateway\'s integration timeout for HTTP APIs); use "function-url" for longer requests',
    ]);
    expect(problemsOf(lambdaEnv({ lambda: { functionUrlAuth: "NONE" } }))).toEqual([
      'environments.api.lambda.functionUrlAuth: "NONE" — a public function URL needs lambda.publicUrlReason (why anyone on the internet may invoke it)',
    ]);
    expect(problemsOf(lambdaEnv({ lambda: { frontDoor: "http-api", functionUrlAuth: "NONE", publicUrlReason: "a public webhook receiver" } }))).toEqual([
      'environments.api.lambda.functionUrlAuth: "NONE" — only frontDoor "function-url" has a function URL (set frontDoor to "function-url", or remove functionUrlAuth)',
      'environments.api.lambda.publicUrlReason: "a public webhook receiver" — only a function URL with functionUrlAuth "NONE" is public; remove it',
    ]);
    expect(problemsOf(lambdaEnv({ lambda: { timeout: 3, alarms: { durationP99Milliseconds: 3000 } } }))).toEqual([
      "environments.api.lambda.alarms.durationP99Milliseconds: 3000 — must be below the timeout (3000 ms): Duration never exceeds it, so the alarm could never fire",
    ]);
    expect(problemsOf(lambdaEnv({ lambda: { functionUrlAuth: "NONE", publicUrlReason: "a public webhook receiver" } }))).toEqual([]);
  });

  test("EC2 settings on a Lambda environment are refused, deploymentConfig pointing at lambda.deploymentConfig", () => {
    expect(problemsOf(lambdaEnv({ minSize: 2, ingressCidrs: ["10.0.0.0/8"], deploymentConfig: "CodeDeployDefault.HalfAtATime", alarmEmail: "a@example.com" }))).toEqual([
      'environments.api.minSize: 2 — an EC2 setting; platform "lambda" has no fleet, load balancer or blue/green group (remove it, or set platform "ec2")',
      'environments.api.ingressCidrs: ["10.0.0.0/8"] — an EC2 setting; platform "lambda" has no fleet, load balancer or blue/green group (remove it, or set platform "ec2")',
      'environments.api.deploymentConfig: "CodeDeployDefault.HalfAtATime" — an EC2 setting; platform "lambda" has no fleet, load balancer or blue/green group (set lambda.deploymentConfig to one of the Lambda configs)',
    ]);
  });

  test("a lambda block on an EC2 environment is refused; an unknown platform is named with the choices", () => {
    expect(problemsOf({ environments: { dev: { lambda: { memorySize: 512 } } } })).toEqual([
      'environments.dev.lambda: {"memorySize":512} — Lambda settings apply only to platform "lambda" (set platform to "lambda", or remove them)',
    ]);
    expect(problemsOf({ environments: { dev: { platform: "fargate" } } })).toEqual(['environments.dev.platform: "fargate" — must be one of ec2, ecs, lambda']);
  });

  test("a Lambda environment's names are checked against AWS's limits (function names: 64 characters)", () => {
    const problems = problemsOf({ appName: "a".repeat(40), environments: { ["b".repeat(20)]: { platform: "lambda" } } });
    expect(problems).toContainEqual(
      `appName: "${"a".repeat(40)}" — with environment "${"b".repeat(20)}" the Lambda function name "${"a".repeat(40)}-${"b".repeat(20)}-post-traffic" has 74 characters; AWS allows 64 (shorten appName or the environment name)`,
    );
  });

  test("Lambda environments are releases of their own: the EC2 environments' release rules ignore them", () => {
    expect(problemsOf({ environments: { dev: {}, api: { platform: "lambda", source: { branch: "release" } } } })).toEqual([]);
  });
});
