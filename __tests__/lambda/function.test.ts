import { createHash } from "crypto";
import { readFileSync } from "fs";
import { join } from "path";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { lambdaAlarmSpecs } from "../../modules/lambda/alarms";
import { FrontDoor, FrontDoorProps } from "../../modules/lambda/front-door";
import { NodeFunction, NodeFunctionProps } from "../../modules/lambda/function";
import { packageRevision } from "../../modules/delivery/revision";
import { policyStatements, synthModule } from "../support/synth";

const APP = join(__dirname, "..", "..", "modules", "lambda", "functions", "app");

describe("NodeFunction", () => {
  const props = (overrides: Partial<NodeFunctionProps> = {}) => (aws: any): NodeFunctionProps => ({
    aws,
    functionName: "shop-api",
    description: "test",
    codeDirectory: APP,
    handler: "index.handler",
    roleName: "shop-api-function",
    ...overrides,
  });

  test("the reproducible zip of its folder, its own log group created first, and a role that writes only there", () => {
    const synth = synthModule((scope, aws) => new NodeFunction(scope, "fn", props({ memorySize: 512, timeout: 20, publish: true })(aws)));
    const fn = synth.resource("aws_lambda_function");
    expect(fn).toMatchObject({
      function_name: "shop-api",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      memory_size: 512,
      timeout: 20,
      publish: true,
      logging_config: { log_format: "JSON", log_group: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.fn_logs_\w+\.name\}$/) },
      depends_on: [expect.stringMatching(/^aws_iam_role_policy\.fn_access_\w+$/), expect.stringMatching(/^aws_cloudwatch_log_group\.fn_logs_\w+$/)],
    });
    expect(fn.filename).toContain(packageRevision(APP).hash);
    expect(fn.source_code_hash).toBe(createHash("sha256").update(readFileSync(packageRevision(APP).file)).digest("base64"));
    expect(synth.resource("aws_cloudwatch_log_group")).toEqual(expect.objectContaining({ name: "/aws/lambda/shop-api", retention_in_days: 30 }));
    expect(policyStatements(synth, "fn_access")).toEqual([
      { sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.fn_logs_\w+\.arn\}:\*$/)] },
    ]);
    // Lambda sends no aws:SourceAccount when it assumes an execution role: the trust has no condition.
    expect(policyStatements(synth, "fn_trust")[0].condition).toEqual([]);
  });

  test("tracing adds Active mode and the two X-Ray actions (which have no resource type)", () => {
    const synth = synthModule((scope, aws) => new NodeFunction(scope, "fn", props({ tracing: true })(aws)));
    expect(synth.resource("aws_lambda_function").tracing_config).toEqual({ mode: "Active" });
    expect(policyStatements(synth, "fn_access")[1]).toEqual({ sid: "WriteTraces", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] });
  });

  test.each([
    [{ memorySize: 64 }, /memorySize must be a whole number of MiB from 128 to 10240, got 64/],
    [{ timeout: 901 }, /timeout must be a whole number of seconds from 1 to 900, got 901/],
    [{ reservedConcurrency: 0 }, /reservedConcurrency must be a whole number from 1 to 900, got 0/],
    [{ runtime: "nodejs16.x" as never }, /runtime must be one of nodejs22.x, got nodejs16.x/],
    [{ logRetentionDays: 2 }, /logRetentionDays must be one of 1, 3, 5/],
  ])("refuses what Lambda or CloudWatch Logs would refuse (%#)", (overrides, message) => {
    expect(() => synthModule((scope, aws) => new NodeFunction(scope, "fn", props(overrides)(aws)))).toThrow(message);
  });
});

describe("FrontDoor", () => {
  const base: FrontDoorProps = {
    kind: "function-url",
    functionName: "shop-api",
    aliasName: "live",
    aliasInvokeArn: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:shop-api:live/invocations",
    apiName: "shop-api",
  };

  test("a function URL on the alias, AWS_IAM unless told otherwise", () => {
    const synth = synthModule((scope) => new FrontDoor(scope, "front_door", base));
    expect(synth.resource("aws_lambda_function_url")).toMatchObject({ function_name: "shop-api", qualifier: "live", authorization_type: "AWS_IAM" });
    expect(synth.resources("aws_apigatewayv2_api")).toEqual({});
  });

  test("an HTTP API whose default route proxies to the alias, and only that API may invoke only that alias", () => {
    const synth = synthModule((scope) => new FrontDoor(scope, "front_door", { ...base, kind: "http-api" }));
    expect(synth.resource("aws_apigatewayv2_api")).toMatchObject({ name: "shop-api", protocol_type: "HTTP" });
    expect(synth.raw).toHaveResourceWithProperties(Apigatewayv2Integration, { integration_type: "AWS_PROXY", integration_uri: base.aliasInvokeArn, payload_format_version: "2.0" });
    expect(synth.resource("aws_apigatewayv2_route")).toMatchObject({ route_key: "$default", target: expect.stringMatching(/^integrations\/\$\{aws_apigatewayv2_integration\.front_door_integration_\w+\.id\}$/) });
    expect(synth.resource("aws_apigatewayv2_stage")).toMatchObject({ name: "$default", auto_deploy: true });
    expect(synth.raw).toHaveResourceWithProperties(LambdaPermission, {
      principal: "apigateway.amazonaws.com",
      function_name: "shop-api",
      qualifier: "live",
      source_arn: expect.stringMatching(/^\$\{aws_apigatewayv2_api\.front_door_api_\w+\.execution_arn\}\/\*\/\*$/),
    });
    expect(synth.resources("aws_lambda_function_url")).toEqual({});
  });
});

describe("lambdaAlarmSpecs", () => {
  test("errors, throttles and p99 duration on the alias's own series (FunctionName + Resource <function>:<alias>)", () => {
    const specs = lambdaAlarmSpecs("shop-api", "live", { errorsPerMinute: 1, throttlesPerMinute: 2, durationP99Milliseconds: 900 });
    expect(specs.map(({ suffix, metricName, statistic, extendedStatistic, threshold }) => [suffix, metricName, statistic ?? extendedStatistic, threshold])).toEqual([
      ["errors", "Errors", "Sum", 1],
      ["throttles", "Throttles", "Sum", 2],
      ["duration-p99", "Duration", "p99", 900],
    ]);
    for (const spec of specs) {
      expect(spec).toMatchObject({ namespace: "AWS/Lambda", dimensions: { FunctionName: "shop-api", Resource: "shop-api:live" }, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" });
    }
  });
});
