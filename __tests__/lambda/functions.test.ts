import { join } from "path";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient, GetDeploymentCommand, PutLifecycleEventHookExecutionStatusCommand } from "@aws-sdk/client-codedeploy";
import { InvokeCommand, InvokeCommandOutput, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";

/**
 * The sample function and the traffic hooks, run locally with Node as Lambda runs them (the
 * exported handler, an HTTP API / function URL event); the hooks' AWS calls go to
 * aws-sdk-client-mock, so nothing leaves the machine.
 */
const FUNCTIONS = join(__dirname, "..", "..", "modules", "lambda", "functions");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const app = require(join(FUNCTIONS, "app", "index.js"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hooks = require(join(FUNCTIONS, "hooks", "index.js"));

const event = (method: string, rawPath: string) => ({ version: "2.0", rawPath, requestContext: { http: { method, path: rawPath } } });

describe("sample function", () => {
  beforeAll(() => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = "webapp-api";
    process.env.AWS_LAMBDA_FUNCTION_VERSION = "7";
  });
  afterAll(() => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    delete process.env.AWS_LAMBDA_FUNCTION_VERSION;
  });

  test("GET /health answers 200 {status: ok} naming the version that served it", async () => {
    const answer = await app.handler(event("GET", "/health"));
    expect(answer).toEqual({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "ok", version: "7" }) });
  });

  test("POST /health is refused with 405", async () => {
    expect((await app.handler(event("POST", "/health"))).statusCode).toBe(405);
  });

  test("any other path greets, naming function, version and path", async () => {
    const answer = await app.handler(event("GET", "/orders"));
    expect(JSON.parse(answer.body)).toEqual({ message: "Hello from webapp-api", version: "7", path: "/orders" });
  });
});

describe("traffic hooks", () => {
  const codedeploy = mockClient(CodeDeployClient);
  const lambda = mockClient(LambdaClient);
  const cloudwatch = mockClient(CloudWatchClient);
  const hookEvent = { DeploymentId: "d-ABCDEF123", LifecycleEventHookExecutionId: "hook-execution-1" };
  const appSpec = [
    "version: 0.0",
    "Resources:",
    "  - function:",
    "      Type: AWS::Lambda::Function",
    "      Properties:",
    '        Name: "webapp-api"',
    '        Alias: "live"',
    '        CurrentVersion: "6"',
    '        TargetVersion: "7"',
  ].join("\n");
  // The SDK hands Payload over as a Uint8Array (a blob adapter); the hook reads its bytes only.
  const bytes = (text: string) => new Uint8Array(Buffer.from(text)) as unknown as InvokeCommandOutput["Payload"];
  const payload = (value: unknown) => bytes(JSON.stringify(value));
  const healthy = { StatusCode: 200, Payload: payload({ statusCode: 200, body: JSON.stringify({ status: "ok" }) }) };
  const reported = () => codedeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand).map((call) => call.args[0].input);

  beforeAll(() => {
    process.env.AWS_REGION = "us-east-1";
    jest.spyOn(console, "log").mockImplementation(() => undefined);
    jest.spyOn(console, "error").mockImplementation(() => undefined);
  });
  beforeEach(() => {
    for (const client of [codedeploy, lambda, cloudwatch]) client.reset();
    codedeploy.on(GetDeploymentCommand).resolves({
      deploymentInfo: { createTime: new Date("2026-11-30T10:00:00Z"), revision: { revisionType: "AppSpecContent", appSpecContent: { content: appSpec } } },
    });
    codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
  });
  afterAll(() => jest.restoreAllMocks());

  test("the hooks read function, alias and target version from a JSON AppSpec too (the build writes YAML: __tests__/lambda/release.test.ts)", () => {
    expect(hooks.readAppSpec(JSON.stringify({ Resources: [{ f: { Properties: { Name: "x", Alias: "live", TargetVersion: 3 } } }] }))).toEqual({ name: "x", alias: "live", targetVersion: "3" });
    expect(() => hooks.readAppSpec(JSON.stringify({ Resources: [{ f: { Properties: { Name: "x", Alias: "live" } } }] }))).toThrow("the deployment's AppSpec names no TargetVersion");
  });

  test("pre-traffic invokes the target version with GET /health and reports Succeeded on a healthy answer", async () => {
    lambda.on(InvokeCommand).resolves(healthy);
    await expect(hooks.preTraffic(hookEvent)).resolves.toBe("Succeeded");
    const invoke = lambda.commandCalls(InvokeCommand)[0].args[0].input;
    expect(invoke).toMatchObject({ FunctionName: "webapp-api", Qualifier: "7", InvocationType: "RequestResponse" });
    expect(JSON.parse(Buffer.from(invoke.Payload as Uint8Array).toString())).toMatchObject({ rawPath: "/health", requestContext: { http: { method: "GET" } } });
    expect(reported()).toEqual([{ deploymentId: "d-ABCDEF123", lifecycleEventHookExecutionId: "hook-execution-1", status: "Succeeded" }]);
  });

  test.each([
    ["a function error", { StatusCode: 200, FunctionError: "Unhandled", Payload: payload({ errorMessage: "boom" }) }],
    ["a 500 answer", { StatusCode: 200, Payload: payload({ statusCode: 500, body: "{}" }) }],
    ["a body without status ok", { StatusCode: 200, Payload: payload({ statusCode: 200, body: JSON.stringify({ status: "degraded" }) }) }],
    ["an answer that is not JSON", { StatusCode: 200, Payload: bytes("<html>") }],
  ])("pre-traffic reports Failed on %s", async (_what, answer) => {
    lambda.on(InvokeCommand).resolves(answer);
    await expect(hooks.preTraffic(hookEvent)).resolves.toBe("Failed");
    expect(reported().map((input) => input.status)).toEqual(["Failed"]);
  });

  test("a hook whose check cannot run (the invoke is denied) reports Failed instead of leaving CodeDeploy waiting an hour", async () => {
    lambda.on(InvokeCommand).rejects(new Error("AccessDeniedException"));
    await expect(hooks.preTraffic(hookEvent)).resolves.toBe("Failed");
    expect(reported().map((input) => input.status)).toEqual(["Failed"]);
  });

  test("post-traffic checks the alias and counts the target version's errors behind it since the deployment started", async () => {
    lambda.on(InvokeCommand).resolves(healthy);
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "errors", Values: [0, 0] }] });
    await expect(hooks.postTraffic(hookEvent)).resolves.toBe("Succeeded");
    expect(lambda.commandCalls(InvokeCommand)[0].args[0].input).toMatchObject({ FunctionName: "webapp-api", Qualifier: "live" });
    const query = cloudwatch.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(query.StartTime).toEqual(new Date("2026-11-30T10:00:00Z"));
    expect(query.MetricDataQueries![0].MetricStat!.Metric!.Dimensions).toEqual([
      { Name: "FunctionName", Value: "webapp-api" },
      { Name: "Resource", Value: "webapp-api:live" },
      { Name: "ExecutedVersion", Value: "7" },
    ]);
  });

  test("post-traffic reports Failed when the target version counted errors", async () => {
    lambda.on(InvokeCommand).resolves(healthy);
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "errors", Values: [0, 2, 1] }] });
    await expect(hooks.postTraffic(hookEvent)).resolves.toBe("Failed");
    expect(reported().map((input) => input.status)).toEqual(["Failed"]);
  });
});
