import { join } from "path";
import { AutoScalingClient, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { CodeDeployClient, GetDeploymentGroupCommand, ListDeploymentsCommand } from "@aws-sdk/client-codedeploy";
import { mockClient } from "aws-sdk-client-mock";
import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { ServingBounds, ServingBoundsInput } from "../../modules/fleet/serving-bounds";
import { policyStatements, synthModule } from "../support/synth";

/**
 * The serving-bounds function run locally as Lambda runs it (the exported handler, the event
 * Terraform's aws_lambda_invocation sends); its AWS calls go to aws-sdk-client-mock.
 */
const SERVING_BOUNDS_CODE = join(__dirname, "..", "..", "modules", "fleet", "functions", "serving-bounds");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fn = require(join(SERVING_BOUNDS_CODE, "index.js"));

const SEED = "shop-dev-seed";
const COPY = "CodeDeploy_shop-dev_d-A1B2C3D4E";
const GREEN = "CodeDeploy_shop-dev_d-F5G6H7I8J";
const INPUT: ServingBoundsInput = {
  applicationName: "shop-dev",
  deploymentGroupName: "shop-dev",
  seedGroupName: SEED,
  copyPrefix: "CodeDeploy_shop-dev_d-",
  minSize: 2,
  maxSize: 6,
  desiredCapacity: 3,
};

describe("serving-bounds function", () => {
  const codedeploy = mockClient(CodeDeployClient);
  const autoscaling = mockClient(AutoScalingClient);
  const fleet = (...names: string[]) => codedeploy.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: { autoScalingGroups: names.map((name) => ({ name })) } });
  const updates = () => autoscaling.commandCalls(UpdateAutoScalingGroupCommand).map((call) => call.args[0].input);

  beforeAll(() => {
    process.env.AWS_REGION = "us-east-1";
    jest.spyOn(console, "log").mockImplementation(() => undefined);
  });
  beforeEach(() => {
    codedeploy.reset();
    autoscaling.reset();
    codedeploy.on(ListDeploymentsCommand).resolves({ deployments: [] });
    autoscaling.on(UpdateAutoScalingGroupCommand).resolves({});
  });
  afterAll(() => jest.restoreAllMocks());

  test("the seed serves: nothing is updated (Terraform sets the seed's bounds)", async () => {
    fleet(SEED);
    expect(await fn.handler(INPUT)).toEqual({ action: "skipped", reason: `the seed ${SEED} serves: Terraform sets its bounds`, groups: [SEED] });
    expect(updates()).toEqual([]);
  });

  test("CodeDeploy's copy serves: it gets the bounds and the desired capacity, asking only this deployment group", async () => {
    fleet(COPY);
    expect(await fn.handler(INPUT)).toEqual({ action: "updated", groups: [COPY], minSize: 2, maxSize: 6, desiredCapacity: 3 });
    expect(updates()).toEqual([{ AutoScalingGroupName: COPY, MinSize: 2, MaxSize: 6, DesiredCapacity: 3 }]);
    expect(codedeploy.commandCalls(ListDeploymentsCommand).map((call) => call.args[0].input)).toEqual([
      { applicationName: "shop-dev", deploymentGroupName: "shop-dev", includeOnlyStatuses: ["Created", "Queued", "InProgress", "Baking", "Ready"] },
    ]);
    expect(codedeploy.commandCalls(GetDeploymentGroupCommand).map((call) => call.args[0].input)).toEqual([{ applicationName: "shop-dev", deploymentGroupName: "shop-dev" }]);
  });

  test("under target tracking (no desiredCapacity) only the bounds are sent: Auto Scaling moves the desired capacity into them", async () => {
    fleet(COPY);
    const { desiredCapacity: _omitted, ...bounds } = INPUT;
    expect(await fn.handler(bounds)).toMatchObject({ action: "updated", desiredCapacity: null });
    expect(updates()).toEqual([{ AutoScalingGroupName: COPY, MinSize: 2, MaxSize: 6 }]);
  });

  test("a deployment that has not finished fails the invocation with what to do, and touches no group (blue keeps its capacity)", async () => {
    fleet(COPY);
    codedeploy.on(ListDeploymentsCommand).resolves({ deployments: ["d-F5G6H7I8J"] });
    await expect(fn.handler(INPUT)).rejects.toThrow(
      "serving-bounds: deployment d-F5G6H7I8J of shop-dev/shop-dev has not finished, so the serving fleet is about to change and the blue fleet must keep its capacity: " +
        "nothing was changed. Run terraform apply again once the deployment has succeeded, failed or been stopped; it then sets the bounds on whichever group serves.",
    );
    expect(updates()).toEqual([]);
    expect(codedeploy.commandCalls(GetDeploymentGroupCommand)).toHaveLength(0);
  });

  test("after a rollback the survivor the deployment group still names is the one updated, never the rolled-back green", async () => {
    fleet(COPY);
    await fn.handler(INPUT);
    expect(updates().map((update) => update.AutoScalingGroupName)).toEqual([COPY]);
    expect(updates().map((update) => update.AutoScalingGroupName)).not.toContain(GREEN);
  });

  test("the group the deployment group names is gone: skipped, nothing fails (the next plan brings the seed back with these bounds)", async () => {
    fleet(COPY);
    autoscaling.on(UpdateAutoScalingGroupCommand).rejects(Object.assign(new Error(`AutoScalingGroup name not found - AutoScalingGroup ${COPY} not found`), { name: "ValidationError" }));
    expect(await fn.handler(INPUT)).toEqual({
      action: "skipped",
      reason: `${COPY} no longer exists: no fleet serves, and the next plan creates the seed with these bounds`,
      groups: [COPY],
    });
  });

  test("any other Auto Scaling error fails the invocation as AWS said it", async () => {
    fleet(COPY);
    autoscaling.on(UpdateAutoScalingGroupCommand).rejects(Object.assign(new Error("User is not authorized to perform: autoscaling:UpdateAutoScalingGroup"), { name: "AccessDenied" }));
    await expect(fn.handler(INPUT)).rejects.toThrow("User is not authorized to perform: autoscaling:UpdateAutoScalingGroup");
  });

  test("a group outside this fleet is never updated", async () => {
    fleet("another-app-asg");
    expect(await fn.handler(INPUT)).toEqual({ action: "skipped", reason: "shop-dev/shop-dev names no group of this fleet (another-app-asg)", groups: ["another-app-asg"] });
    expect(updates()).toEqual([]);
  });

  test("an invalid event is refused before any AWS call, naming every problem", async () => {
    await expect(fn.handler({ ...INPUT, seedGroupName: "", minSize: 7, desiredCapacity: 1.5 })).rejects.toThrow(
      "serving-bounds: invalid event: seedGroupName must be a non-empty string; desiredCapacity must be a whole number ≥ 0 when given",
    );
    await expect(fn.handler({ ...INPUT, minSize: 7 })).rejects.toThrow("serving-bounds: invalid event: minSize 7 exceeds maxSize 6");
    await expect(fn.handler({ ...INPUT, desiredCapacity: 9 })).rejects.toThrow("serving-bounds: invalid event: desiredCapacity 9 lies outside [2, 6]");
    expect(codedeploy.calls()).toHaveLength(0);
  });
});

describe("ServingBounds", () => {
  const build = (input: ServingBoundsInput = INPUT) =>
    synthModule((scope, aws) => {
      // Stands in for the deployment group the function reads.
      const group = new CodedeployApp(scope, "group", { name: "shop-dev" });
      new ServingBounds(scope, "bounds", { aws, functionName: "shop-dev-serving-bounds", codeDirectory: SERVING_BOUNDS_CODE, roleName: "shop-dev-serving-bounds", input, dependsOn: [group] });
    });
  const synth = build();

  test("invokes the function once per configuration, after the deployment group, with the configuration alone as input (CREATE_ONLY: no re-invocation on re-apply or destroy)", () => {
    const invocation = synth.resource("aws_lambda_invocation");
    expect(invocation).toEqual({
      depends_on: ["aws_codedeploy_app.group"],
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.bounds_function_\w+\.function_name\}$/),
      input: JSON.stringify(INPUT),
      lifecycle_scope: "CREATE_ONLY",
    });
  });

  test("leaves desiredCapacity out of the input when target tracking owns it", () => {
    const { desiredCapacity: _omitted, ...bounds } = INPUT;
    expect(Object.keys(JSON.parse(build(bounds).resource("aws_lambda_invocation").input))).not.toContain("desiredCapacity");
  });

  test("its role reads only this deployment group, updates only CodeDeploy's copies of it, and writes only its own log group", () => {
    expect(policyStatements(synth, "access")).toEqual([
      { sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.bounds_function_logs_\w+\.arn\}:\*$/)] },
      {
        sid: "ReadDeploymentGroup",
        actions: ["codedeploy:GetDeploymentGroup", "codedeploy:ListDeployments"],
        resources: [expect.stringMatching(/^arn:aws:codedeploy:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:deploymentgroup:shop-dev\/shop-dev$/)],
      },
      {
        sid: "UpdateServingCopy",
        actions: ["autoscaling:UpdateAutoScalingGroup"],
        resources: [expect.stringMatching(/^arn:aws:autoscaling:us-east-1:\$\{data\.aws_caller_identity\.\w+\.account_id\}:autoScalingGroup:\*:autoScalingGroupName\/CodeDeploy_shop-dev_d-\*$/)],
      },
    ]);
  });

  test("runs the one-file zip of functions/serving-bounds on Node.js 22 with the runtime's SDK", () => {
    expect(synth.resource("aws_lambda_function")).toMatchObject({ function_name: "shop-dev-serving-bounds", runtime: "nodejs22.x", handler: "index.handler", timeout: 30 });
  });

  test("refuses a copy prefix that is not CodeDeploy's", () => {
    expect(() => build({ ...INPUT, copyPrefix: "shop-dev-" })).toThrow('ServingBounds: copyPrefix must be CodeDeploy\'s "CodeDeploy_<deployment group>_d-", got "shop-dev-"');
  });
});
