import { AddressInfo } from "net";
import { Server } from "http";
import { join } from "path";
import { readFileSync } from "fs";
import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from "@aws-sdk/client-codedeploy";
import { mockClient } from "aws-sdk-client-mock";
import { unzipSync } from "fflate";
import { LifecycleHooks } from "../../modules/ecs/hooks";
import { EcsNames } from "../../modules/ecs/names";
import { ResourceNames } from "../../modules/shared/naming";
import { packageRevision } from "../../modules/delivery/revision";
import { policyStatements, synthModule } from "../support/synth";

const FUNCTIONS = join(__dirname, "..", "..", "modules", "ecs", "functions");
const EXAMPLE = join(__dirname, "..", "..", "modules", "ecs", "example-service");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require(join(FUNCTIONS, "smoke-test.js"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createServer } = require(join(EXAMPLE, "server.js"));

const codedeploy = mockClient(CodeDeployClient);
const EVENT = { DeploymentId: "d-ABCDEF123", LifecycleEventHookExecutionId: "eyJ0ZXN0IjoidHJ1ZSJ9" };

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe("the example service, run locally", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer("rev-7");
    url = await listen(server);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test("GET /health answers 200 ok, uncached", async () => {
    const response = await fetch(`${url}/health`);
    expect([response.status, response.headers.get("cache-control"), await response.text()]).toEqual([200, "no-store", "ok\n"]);
  });

  test("GET / names the revision; other paths are 404, other methods 405", async () => {
    expect(await (await fetch(`${url}/`)).json()).toEqual({ service: "example", revision: "rev-7" });
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/health`, { method: "POST" })).status).toBe(405);
  });
});

describe("the smoke-test hook against the example service", () => {
  let server: Server;
  let url: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    server = createServer("rev-7");
    url = await listen(server);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    jest.spyOn(console, "log").mockImplementation(() => undefined); // the verdict line the function logs
    codedeploy.reset();
    codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({ lifecycleEventHookExecutionId: EVENT.LifecycleEventHookExecutionId });
    Object.assign(process.env, { TEST_URL: url, SMOKE_TEST_PATH: "/health", ATTEMPTS: "3", RETRY_DELAY_MS: "10", REQUEST_TIMEOUT_MS: "1000" });
  });
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  const reported = () => codedeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand).map((call) => call.args[0].input);

  test("a healthy replacement: reports Succeeded for this deployment and hook execution", async () => {
    const verdict = await hook.handler(EVENT);
    expect(verdict).toEqual({ passed: true, detail: `GET ${url}/health: 200 on attempt 1` });
    expect(reported()).toEqual([{ deploymentId: EVENT.DeploymentId, lifecycleEventHookExecutionId: EVENT.LifecycleEventHookExecutionId, status: "Succeeded" }]);
  });

  test("a path the service does not serve: Failed after every attempt", async () => {
    process.env.SMOKE_TEST_PATH = "/missing";
    const verdict = await hook.handler(EVENT);
    expect(verdict).toEqual({ passed: false, detail: `GET ${url}/missing: HTTP 404 after 3 attempts` });
    expect(reported().map((input) => input.status)).toEqual(["Failed"]);
  });

  test("nothing listening: Failed, with the connection error", async () => {
    const closed = createServer();
    const closedUrl = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    process.env.TEST_URL = closedUrl;
    const verdict = await hook.handler(EVENT);
    expect(verdict.passed).toBe(false);
    expect(verdict.detail).toBe(`GET ${closedUrl}/health: ECONNREFUSED after 3 attempts`);
    expect(reported().map((input) => input.status)).toEqual(["Failed"]);
  });

  test("a misconfigured function still reports (Failed) instead of leaving CodeDeploy waiting an hour", async () => {
    delete process.env.TEST_URL;
    const verdict = await hook.handler(EVENT);
    expect(verdict).toEqual({ passed: false, detail: "smoke test could not run: TEST_URL is not set: the function does not know the test listener" });
    expect(reported().map((input) => input.status)).toEqual(["Failed"]);
  });

  test("a failed report is rethrown, so Lambda retries the invocation", async () => {
    codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).rejects(new Error("ThrottlingException"));
    await expect(hook.handler(EVENT)).rejects.toThrow("ThrottlingException");
  });

  test("an event that is not CodeDeploy's is refused without a report", async () => {
    await expect(hook.handler({})).rejects.toThrow("not a CodeDeploy lifecycle event");
    expect(reported()).toEqual([]);
  });
});

describe("LifecycleHooks", () => {
  const names = new EcsNames(new ResourceNames("shop", "api"));
  const synth = (events?: ("AfterAllowTestTraffic" | "BeforeAllowTraffic")[]) =>
    synthModule((scope, aws) => {
      new LifecycleHooks(scope, "hooks", {
        aws,
        names,
        codeDirectory: FUNCTIONS,
        deploymentGroupArn: "arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:shop-api/shop-api",
        testUrl: "http://alb.example:9000",
        smokeTestPath: "/health",
        testListenerPort: 9000,
        vpcId: "vpc-0123456789abcdef0",
        subnetIds: ["subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"],
        logRetentionDays: 30,
        events,
      });
    });

  test("the zip holds the handler only, byte for byte the same on every synth", () => {
    const first = packageRevision(FUNCTIONS);
    const entries = unzipSync(readFileSync(first.file));
    expect(Object.keys(entries)).toEqual(["smoke-test.js"]);
    expect(Buffer.from(entries["smoke-test.js"]).equals(readFileSync(join(FUNCTIONS, "smoke-test.js")))).toBe(true);
    expect(packageRevision(FUNCTIONS).hash).toBe(first.hash);
  });

  test("AfterAllowTestTraffic by default; BeforeAllowTraffic on request; both in the task subnets", () => {
    expect(Object.values(synth().resources("aws_lambda_function")).map((fn: any) => fn.function_name)).toEqual(["shop-api-AfterAllowTestTraffic"]);
    const both = Object.values(synth(["AfterAllowTestTraffic", "BeforeAllowTraffic"]).resources("aws_lambda_function")) as any[];
    expect(both.map((fn) => fn.function_name)).toEqual(["shop-api-AfterAllowTestTraffic", "shop-api-BeforeAllowTraffic"]);
    for (const fn of both) {
      expect(fn).toMatchObject({ runtime: "nodejs22.x", handler: "smoke-test.handler", environment: { variables: { TEST_URL: "http://alb.example:9000", SMOKE_TEST_PATH: "/health" } } });
      expect(fn.vpc_config.subnet_ids).toEqual(["subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"]);
    }
  });

  test("the role may report to this deployment group only", () => {
    const statements = policyStatements(synth(), "hooks_access_document");
    expect(statements.find((s: any) => s.sid === "ReportHookStatus")).toEqual({
      sid: "ReportHookStatus",
      actions: ["codedeploy:PutLifecycleEventHookExecutionStatus"],
      resources: ["arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:shop-api/shop-api"],
    });
  });

  test("a hook set without the smoke test is refused", () => {
    expect(() => synth(["BeforeAllowTraffic"])).toThrow("LifecycleHooks: events must include AfterAllowTestTraffic (the smoke test)");
  });
});
