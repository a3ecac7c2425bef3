import { createServer } from "net";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
  BatchGetDeploymentsCommand,
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  DeploymentGroupDoesNotExistException,
  DeploymentInfo,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
} from "@aws-sdk/client-codedeploy";
import { CodePipelineClient, ListActionExecutionsCommand } from "@aws-sdk/client-codepipeline";
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { mockClient } from "aws-sdk-client-mock";
import { runCommand } from "../../modules/operations/cli";
import { createClients } from "../../modules/operations/clients";
import { ACTIVE_STATUSES } from "../../modules/operations/deployments";
import { EXIT } from "../../modules/operations/exit-codes";
import {
  FAILED,
  FAILED_TARGETS,
  IN_PROGRESS,
  READY,
  REVISION_A,
  REVISION_B,
  ROLLED_BACK,
  SHIFTED_TARGETS,
  STOPPED,
  SUCCEEDED,
  VALIDATE_LOG_TAIL,
} from "./fixtures";

const codedeploy = mockClient(CodeDeployClient);
const codepipeline = mockClient(CodePipelineClient);
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const autoscaling = mockClient(AutoScalingClient);
const cloudwatch = mockClient(CloudWatchClient);

/** A loopback port nothing listens on: a client that escaped its mock fails here, never on the network. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
let endpoint: string;
beforeAll(async () => {
  endpoint = `http://127.0.0.1:${await closedPort()}`;
});

const regions: string[] = [];
async function run(argv: string[], context: Record<string, unknown> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCommand(argv, {
    context,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    clients: (region) => {
      regions.push(region);
      return createClients({ region, endpoint, maxAttempts: 1 });
    },
    sleep: async () => undefined,
    pollSeconds: 0,
  });
  return { code, stdout, stderr };
}

/** GetDeployment answers these records in turn (the last one repeats). */
function deploymentSequence(...infos: DeploymentInfo[]) {
  const byId = new Map<string, DeploymentInfo[]>();
  for (const info of infos) byId.set(info.deploymentId!, [...(byId.get(info.deploymentId!) ?? []), info]);
  codedeploy.on(GetDeploymentCommand).callsFake(({ deploymentId }) => {
    const queue = byId.get(deploymentId)!;
    return { deploymentInfo: queue.length > 1 ? queue.shift() : queue[0] };
  });
}

function listing(active: DeploymentInfo[], all: DeploymentInfo[], succeeded: DeploymentInfo[] = []) {
  codedeploy.on(ListDeploymentsCommand).resolves({ deployments: all.map((d) => d.deploymentId!) });
  codedeploy.on(ListDeploymentsCommand, { includeOnlyStatuses: ACTIVE_STATUSES }).resolves({ deployments: active.map((d) => d.deploymentId!) });
  codedeploy.on(ListDeploymentsCommand, { includeOnlyStatuses: ["Succeeded"] }).resolves({ deployments: succeeded.map((d) => d.deploymentId!) });
  const records = new Map([...all, ...active, ...succeeded].map((d) => [d.deploymentId!, d]));
  codedeploy.on(BatchGetDeploymentsCommand).callsFake(({ deploymentIds }) => ({ deploymentsInfo: deploymentIds.map((id: string) => records.get(id)) }));
}

function estate(targets = FAILED_TARGETS) {
  codedeploy.on(ListDeploymentTargetsCommand).resolves({ targetIds: targets.map((t) => t.instanceTarget!.targetId!) });
  codedeploy.on(BatchGetDeploymentTargetsCommand).resolves({ deploymentTargets: targets });
  codedeploy.on(GetDeploymentGroupCommand).resolves({
    deploymentGroupInfo: {
      applicationName: "webapp-dev",
      deploymentGroupName: "webapp-dev",
      alarmConfiguration: { enabled: true, alarms: [{ name: "webapp-dev-target-5xx" }, { name: "webapp-dev-unhealthy-hosts" }] },
    },
  });
  elbv2.on(DescribeTargetGroupsCommand, { Names: ["webapp-dev-web"] }).resolves({
    TargetGroups: [{ TargetGroupName: "webapp-dev-web", TargetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/webapp-dev-web/0123456789abcdef" }],
  });
  elbv2.on(DescribeTargetHealthCommand).resolves({
    TargetHealthDescriptions: [
      { Target: { Id: "i-0blue00000000001", Port: 80 }, HealthCheckPort: "80", TargetHealth: { State: "healthy" } },
      {
        Target: { Id: "i-0green0000000001", Port: 80 },
        TargetHealth: { State: "unused", Reason: "Target.NotRegistered", Description: "Target is not registered to the target group" },
      },
    ],
  });
  autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: [
      {
        AutoScalingGroupName: "webapp-dev-seed",
        MinSize: 1,
        MaxSize: 2,
        DesiredCapacity: 1,
        DefaultCooldown: 300,
        AvailabilityZones: ["us-east-1a", "us-east-1b"],
        HealthCheckType: "ELB",
        CreatedTime: new Date("2026-11-01T00:00:00Z"),
        Instances: [{ InstanceId: "i-0blue00000000001", LifecycleState: "InService", HealthStatus: "Healthy", AvailabilityZone: "us-east-1a", ProtectedFromScaleIn: false }],
      },
    ],
  });
  cloudwatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      { AlarmName: "webapp-dev-target-5xx", StateValue: "OK" },
      { AlarmName: "webapp-dev-unhealthy-hosts", StateValue: "ALARM" },
    ],
  });
}

beforeEach(() => {
  for (const mock of [codedeploy, codepipeline, elbv2, autoscaling, cloudwatch]) mock.reset();
  regions.length = 0;
});

describe("status", () => {
  test("a failed deployment: state, each instance's lifecycle events, the failed script's log tail, the rollback; exit 1", async () => {
    listing([], [FAILED]);
    deploymentSequence(FAILED);
    estate();
    const { code, stdout } = await run(["status", "webapp-dev"]);
    expect(code).toBe(EXIT.DEPLOYMENT_FAILED);
    expect(stdout).toContain("d-FAILED001 webapp-dev: Failed (created by user)");
    expect(stdout).toContain("  error      HEALTH_CONSTRAINTS: The overall deployment failed because too many individual instances failed deployment");
    expect(stdout).toContain("  rollback   rolled back by d-ROLLBACK1");
    expect(stdout).toContain("  traffic    never moved: the original fleet kept serving (replacement allowed 0/1, original blocked 0/1)");
    expect(stdout).toContain("    ValidateService      Failed 103s");
    expect(stdout).toContain(
      "      ScriptFailed in scripts/validate_service.sh: Script at specified location: scripts/validate_service.sh run as user ec2-user failed with exit code 1",
    );
    for (const line of VALIDATE_LOG_TAIL.split("\n")) expect(stdout).toContain(`        ${line}`);
    expect(stdout).toContain("    i-0blue00000000001 healthy (Blue)");
    expect(stdout).toContain("    i-0green0000000001 unused Target.NotRegistered (Green)");
    expect(stdout).toContain("    webapp-dev-seed desired 1, 1 InService of 1");
    expect(stdout).toContain("    webapp-dev-unhealthy-hosts ALARM");
    // names from ResourceNames, region from the configuration
    expect(codedeploy.commandCalls(ListDeploymentsCommand)[0].args[0].input).toMatchObject({ applicationName: "webapp-dev", deploymentGroupName: "webapp-dev" });
    expect(regions).toEqual(["us-east-1"]);
  });

  test("a deployment in progress exits 5; one waiting for the traffic switch exits 6 and says how to continue", async () => {
    estate(SHIFTED_TARGETS.map((t) => ({ ...t, instanceTarget: { ...t.instanceTarget!, lifecycleEvents: [] } })));
    listing([IN_PROGRESS], [IN_PROGRESS]);
    deploymentSequence(IN_PROGRESS, READY);
    let result = await run(["status", "webapp-dev"]);
    expect(result.code).toBe(EXIT.IN_PROGRESS);
    expect(result.stdout).toContain("  traffic    on the original fleet (replacement allowed 0/1, original blocked 0/1)");
    expect(result.stdout).toContain("  instances  1 InProgress");

    listing([READY], [READY]);
    result = await run(["status", "webapp-dev"]);
    expect(result.code).toBe(EXIT.WAITING_FOR_TRAFFIC_SWITCH);
    expect(result.stdout).toContain("waiting for the traffic switch: the replacement fleet is installed, traffic still on the original fleet (npm run continue -- webapp-dev)");
  });

  test("a rollback deployment that succeeded: exit 0, names the deployment it rolled back, traffic on the replacement", async () => {
    listing([], [ROLLED_BACK, FAILED]);
    deploymentSequence(ROLLED_BACK);
    estate(SHIFTED_TARGETS);
    const { code, stdout } = await run(["status", "webapp-dev"]);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain("d-ROLLBACK1 webapp-dev: Succeeded (created by codeDeployRollback)");
    expect(stdout).toContain("  rollback   rolls back d-FAILED001");
    expect(stdout).toContain("  traffic    on the replacement fleet (replacement allowed 1/1, original blocked 1/1)");
  });

  test("a section AWS refuses shows AWS's error and the rest still shows", async () => {
    listing([], [STOPPED]);
    deploymentSequence(STOPPED);
    estate();
    cloudwatch.on(DescribeAlarmsCommand).rejects(
      Object.assign(new Error("User: arn:aws:sts::123456789012:assumed-role/ops/alice is not authorized to perform: cloudwatch:DescribeAlarms because no identity-based policy allows the cloudwatch:DescribeAlarms action"), {
        name: "AccessDenied",
        $fault: "client",
        $metadata: { httpStatusCode: 403, requestId: "8f3b2c1a-0000-4000-8000-000000000001" },
      }),
    );
    const { code, stdout } = await run(["status", "webapp-dev"]);
    expect(code).toBe(EXIT.DEPLOYMENT_FAILED);
    expect(stdout).toContain("  error      MANUAL_STOP: The deployment was stopped by the user.");
    expect(stdout).toContain("    AWS error: AccessDenied: User: arn:aws:sts::123456789012:assumed-role/ops/alice is not authorized to perform: cloudwatch:DescribeAlarms");
    expect(stdout).toContain("      fix: grant cloudwatch:DescribeAlarms to the identity above");
    expect(stdout).toContain("    webapp-dev-seed desired 1");
  });

  test("no deployment yet: exit 4", async () => {
    listing([], []);
    const { code, stderr } = await run(["status", "webapp-dev"]);
    expect(code).toBe(EXIT.NOTHING_TO_ACT_ON);
    expect(stderr).toContain("webapp-dev has no deployments yet");
  });
});

describe("history", () => {
  test("the last N deployments, newest first, read in batches of 25", async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...SUCCEEDED,
      deploymentId: `d-HIST${String(i).padStart(5, "0")}`,
      createTime: new Date(Date.UTC(2026, 10, 1, 0, i)),
    }));
    codedeploy.on(ListDeploymentsCommand).resolvesOnce({ deployments: many.slice(0, 20).map((d) => d.deploymentId), nextToken: "page2" }).resolves({
      deployments: many.slice(20).map((d) => d.deploymentId),
    });
    const records = new Map(many.map((d) => [d.deploymentId, d]));
    codedeploy.on(BatchGetDeploymentsCommand).callsFake(({ deploymentIds }) => ({ deploymentsInfo: deploymentIds.map((id: string) => records.get(id)) }));
    const { code, stdout } = await run(["history", "webapp-dev", "--limit", "27"]);
    expect(code).toBe(EXIT.OK);
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(28);
    expect(lines[0]).toMatch(/^deployment\s+status\s+created\s+took\s+by\s+revision\s+rollback$/);
    expect(lines[1]).toMatch(/^d-HIST00029\s+Succeeded\s+2026-11-01T00:29:00Z\s+9m30s\s+user\s+s3:\/\/webapp-dev-artifacts-123456789012\/revisions\/b\.zip$/);
    expect(codedeploy.commandCalls(BatchGetDeploymentsCommand).map((c) => c.args[0].input.deploymentIds!.length)).toEqual([25, 5]);
  });

  test("ListDeployments has no documented order: whole creation-time windows are read going back until N are found", async () => {
    const day = Date.now() - 86_400_000;
    const recentDay = ["d-DAY000001", "d-DAY000002"];
    const earlierWeek = ["d-WEEK00001", "d-WEEK00002", "d-WEEK00003"];
    codedeploy.on(ListDeploymentsCommand).callsFake(({ createTimeRange }) => {
      const { start, end } = createTimeRange ?? {};
      if (start && !end && Math.abs(start.getTime() - day) < 60_000) return { deployments: recentDay };
      if (start && end) return { deployments: earlierWeek };
      return { deployments: ["d-NEVERREAD"] };
    });
    codedeploy.on(BatchGetDeploymentsCommand).callsFake(({ deploymentIds }) => ({
      deploymentsInfo: deploymentIds.map((id: string, i: number) => ({ ...SUCCEEDED, deploymentId: id, createTime: new Date((id.startsWith("d-DAY") ? 2000 : 1000) + i) })),
    }));
    const { code, stdout } = await run(["history", "webapp-dev", "--limit", "4"]);
    expect(code).toBe(EXIT.OK);
    expect(stdout.split("\n").slice(1, 5).map((line) => line.split(" ")[0])).toEqual(["d-DAY000002", "d-DAY000001", "d-WEEK00003", "d-WEEK00002"]);
    expect(codedeploy.commandCalls(ListDeploymentsCommand)).toHaveLength(2);
  });
});

describe("deploy", () => {
  test("a revision in S3: CreateDeployment on the environment's group, watched to success with plain lines off a terminal", async () => {
    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: "d-INPROGRE1" });
    deploymentSequence(IN_PROGRESS, { ...IN_PROGRESS, deploymentOverview: { InProgress: 0, Succeeded: 1 } }, { ...SUCCEEDED, deploymentId: "d-INPROGRE1" });
    const { code, stdout, stderr } = await run(["deploy", "webapp-dev", "s3://my-bucket/releases/v2.tar.gz"]);
    expect(code).toBe(EXIT.OK);
    expect(codedeploy.commandCalls(CreateDeploymentCommand)[0].args[0].input).toEqual({
      applicationName: "webapp-dev",
      deploymentGroupName: "webapp-dev",
      revision: { revisionType: "S3", s3Location: { bucket: "my-bucket", key: "releases/v2.tar.gz", bundleType: "tgz" } },
      description: "npm run deploy: s3://my-bucket/releases/v2.tar.gz",
    });
    expect(stdout).toContain("d-INPROGRE1 created: s3://my-bucket/releases/v2.tar.gz → webapp-dev (us-east-1)");
    const progress = stderr.trimEnd().split("\n");
    expect(progress).toHaveLength(3);
    expect(progress[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z d-INPROGRE1 InProgress — instances: 1 InProgress$/);
    expect(progress[2]).toMatch(/ done: d-INPROGRE1 Succeeded — instances: 2 Succeeded$/);
    expect(stderr).not.toContain("\x1b");
  });

  test("the latest build: the newest successful Build action's output artifact of the environment's pipeline", async () => {
    codepipeline.on(ListActionExecutionsCommand, { pipelineName: "webapp-dev" }).resolves({
      actionExecutionDetails: [
        { pipelineExecutionId: "e-3", actionName: "BlueGreen", status: "InProgress", input: { actionTypeId: { category: "Deploy", owner: "AWS", provider: "CodeDeploy", version: "1" } } },
        {
          pipelineExecutionId: "e-1",
          actionName: "Build",
          status: "Succeeded",
          lastUpdateTime: new Date("2026-11-29T10:00:00Z"),
          input: { actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" } },
          output: { outputArtifacts: [{ name: "build", s3location: { bucket: "webapp-dev-artifacts-123456789012", key: "webapp-dev/build/old.zip" } }] },
        },
        {
          pipelineExecutionId: "e-2",
          actionName: "Build",
          status: "Succeeded",
          lastUpdateTime: new Date("2026-11-30T07:00:00Z"),
          input: { actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" } },
          output: { outputArtifacts: [{ name: "build", s3location: { bucket: "webapp-dev-artifacts-123456789012", key: "webapp-dev/build/Xy12AbC" } }] },
        },
      ],
    });
    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: "d-INPROGRE1" });
    const { code, stderr } = await run(["deploy", "webapp-dev", "--no-wait"]);
    expect(code).toBe(EXIT.OK);
    expect(codedeploy.commandCalls(CreateDeploymentCommand)[0].args[0].input.revision).toEqual({
      revisionType: "S3",
      s3Location: { bucket: "webapp-dev-artifacts-123456789012", key: "webapp-dev/build/Xy12AbC", bundleType: "zip" },
    });
    expect(stderr).toContain("latest build: s3://webapp-dev-artifacts-123456789012/webapp-dev/build/Xy12AbC (pipeline execution e-2)");
    expect(codedeploy.commandCalls(GetDeploymentCommand)).toHaveLength(0);
  });

  test("no build yet: exit 4, nothing deployed", async () => {
    codepipeline.on(ListActionExecutionsCommand).resolves({ actionExecutionDetails: [] });
    const { code, stderr } = await run(["deploy", "webapp-dev"]);
    expect(code).toBe(EXIT.NOTHING_TO_ACT_ON);
    expect(stderr).toContain("no successful build in pipeline webapp-dev");
    expect(codedeploy.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
  });

  test("a failing deployment exits 1 and prints the diagnostics; one reaching READY_WAIT exits 6", async () => {
    estate();
    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: "d-FAILED001" });
    deploymentSequence({ ...FAILED, status: "InProgress", completeTime: undefined }, FAILED);
    let result = await run(["deploy", "webapp-dev", "s3://my-bucket/v3.zip"]);
    expect(result.code).toBe(EXIT.DEPLOYMENT_FAILED);
    expect(result.stderr).toMatch(/FAILED: d-FAILED001 Failed — instances: 1 Failed, 1 Skipped — The overall deployment failed/);
    expect(result.stdout).toContain("log tail (from CodeDeploy):");

    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: "d-READYWAI1" });
    deploymentSequence(IN_PROGRESS, READY);
    deploymentSequence({ ...IN_PROGRESS, deploymentId: "d-READYWAI1" }, READY);
    result = await run(["deploy", "webapp-dev", "s3://my-bucket/v3.zip"]);
    expect(result.code).toBe(EXIT.WAITING_FOR_TRAFFIC_SWITCH);
    expect(result.stderr).toContain("traffic switch waits for you: npm run continue -- webapp-dev");
  });

  test("--timeout ends the watch with exit 5 while the deployment still runs", async () => {
    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: "d-INPROGRE1" });
    deploymentSequence(IN_PROGRESS);
    let clock = 0;
    const code = await runCommand(["deploy", "webapp-dev", "s3://b-1/x.zip", "--timeout", "2"], {
      context: {},
      stdout: { write: () => true },
      stderr: { write: () => true },
      clients: (region) => createClients({ region, endpoint, maxAttempts: 1 }),
      now: () => new Date(clock),
      sleep: async (ms) => {
        clock += ms;
      },
    });
    expect(code).toBe(EXIT.IN_PROGRESS);
    expect(codedeploy.commandCalls(GetDeploymentCommand)).toHaveLength(13); // 0 s, 10 s, … 120 s
  });
});

describe("stop, rollback, continue", () => {
  test("stop: StopDeployment with rollback, then the rollback deployment is watched to its end", async () => {
    listing([IN_PROGRESS], [IN_PROGRESS]);
    deploymentSequence(IN_PROGRESS, { ...STOPPED, deploymentId: "d-INPROGRE1" }, { ...ROLLED_BACK, deploymentId: "d-ROLLBACK2" });
    codedeploy.on(StopDeploymentCommand).resolves({ status: "Pending", statusMessage: "Stopping deployment and rolling back" });
    const { code, stdout } = await run(["stop", "webapp-dev"]);
    expect(codedeploy.commandCalls(StopDeploymentCommand)[0].args[0].input).toEqual({ deploymentId: "d-INPROGRE1", autoRollbackEnabled: true });
    expect(stdout).toContain("d-INPROGRE1 stop requested (with rollback): Pending — Stopping deployment and rolling back");
    expect(stdout).toContain("d-INPROGRE1 Stopped; rollback deployment d-ROLLBACK2");
    expect(code).toBe(EXIT.OK);
  });

  test("stop with nothing running, continue with nothing waiting: exit 4 and no call that changes anything", async () => {
    listing([], [SUCCEEDED]);
    expect((await run(["stop", "webapp-dev"])).code).toBe(EXIT.NOTHING_TO_ACT_ON);
    listing([IN_PROGRESS], [IN_PROGRESS]);
    deploymentSequence(IN_PROGRESS);
    const result = await run(["continue", "webapp-dev"]);
    expect(result.code).toBe(EXIT.NOTHING_TO_ACT_ON);
    expect(result.stderr).toContain("d-INPROGRE1 is InProgress, not waiting for a traffic switch");
    expect(codedeploy.commandCalls(StopDeploymentCommand)).toHaveLength(0);
    expect(codedeploy.commandCalls(ContinueDeploymentCommand)).toHaveLength(0);
  });

  test("continue: ContinueDeployment with READY_WAIT, watched until the traffic moved", async () => {
    listing([READY], [READY]);
    deploymentSequence(READY, { ...READY, status: "InProgress" }, { ...SUCCEEDED, deploymentId: "d-READYWAI1" });
    codedeploy.on(ContinueDeploymentCommand).resolves({});
    const { code, stdout } = await run(["continue", "webapp-dev"]);
    expect(codedeploy.commandCalls(ContinueDeploymentCommand)[0].args[0].input).toEqual({ deploymentId: "d-READYWAI1", deploymentWaitType: "READY_WAIT" });
    expect(stdout).toContain("d-READYWAI1 traffic switch started (ContinueDeployment READY_WAIT)");
    expect(code).toBe(EXIT.OK);
  });

  test("rollback: redeploys the last successful revision that is not the one serving now", async () => {
    const serving = { ...SUCCEEDED, deploymentId: "d-SERVING01", revision: REVISION_B, createTime: new Date("2026-11-30T09:00:00Z") };
    const sameRevision = { ...SUCCEEDED, deploymentId: "d-SAMEREV01", revision: REVISION_B, createTime: new Date("2026-11-29T09:00:00Z") };
    const previous = { ...SUCCEEDED, deploymentId: "d-PREVIOUS1", revision: REVISION_A, createTime: new Date("2026-11-28T09:00:00Z") };
    listing([], [serving, sameRevision, previous], [previous, serving, sameRevision]);
    codedeploy.on(CreateDeploymentCommand).resolves({ deploymentId: "d-ROLLBACK9" });
    deploymentSequence({ ...SUCCEEDED, deploymentId: "d-ROLLBACK9", revision: REVISION_A });
    const { code, stdout } = await run(["rollback", "webapp-dev"]);
    expect(code).toBe(EXIT.OK);
    expect(codedeploy.commandCalls(CreateDeploymentCommand)[0].args[0].input).toMatchObject({
      applicationName: "webapp-dev",
      deploymentGroupName: "webapp-dev",
      revision: REVISION_A,
      description: "npm run rollback: s3://webapp-dev-artifacts-123456789012/revisions/a.zip of d-PREVIOUS1",
    });
    expect(stdout).toContain("d-ROLLBACK9 created: rollback to s3://webapp-dev-artifacts-123456789012/revisions/a.zip (last deployed by d-PREVIOUS1)");
  });

  test("rollback refuses while a deployment runs (stop rolls that back) and when there is no earlier revision", async () => {
    listing([IN_PROGRESS], [IN_PROGRESS]);
    deploymentSequence(IN_PROGRESS);
    let result = await run(["rollback", "webapp-dev"]);
    expect(result.code).toBe(EXIT.NOTHING_TO_ACT_ON);
    expect(result.stderr).toContain("stop it instead (npm run stop -- webapp-dev)");
    listing([], [SUCCEEDED], [SUCCEEDED]);
    result = await run(["rollback", "webapp-dev"]);
    expect(result.code).toBe(EXIT.NOTHING_TO_ACT_ON);
    expect(result.stderr).toContain("no earlier successful revision");
    expect(codedeploy.commandCalls(CreateDeploymentCommand)).toHaveLength(0);
  });
});

describe("errors, names and regions", () => {
  test("AWS's error as AWS gave it, with the fix: a group missing in the configured region", async () => {
    codedeploy.on(ListDeploymentsCommand).rejects(
      new DeploymentGroupDoesNotExistException({ message: "No Deployment Group found for name: webapp-prod", $metadata: { httpStatusCode: 400, requestId: "0c5d-req" } }),
    );
    const { code, stderr } = await run(["history", "webapp-prod"], { environments: { prod: { region: "eu-west-1" } } });
    expect(code).toBe(EXIT.AWS_ERROR);
    expect(regions).toEqual(["eu-west-1"]);
    expect(stderr).toBe(
      [
        "AWS error: DeploymentGroupDoesNotExistException: No Deployment Group found for name: webapp-prod",
        "  request ID: 0c5d-req",
        "  fix: nothing of webapp-prod exists in eu-west-1 (the region in the configuration): apply the stack first (`npx cdktf deploy webapp-prod`), or check that these credentials are for the account it was applied to",
        "",
      ].join("\n"),
    );
  });

  test("names follow appName: a configured app's stack uses its own application, group, target group", async () => {
    listing([], [FAILED]);
    deploymentSequence(FAILED);
    estate();
    await run(["status", "shop-dev"], { appName: "shop", environments: { dev: {} } });
    expect(codedeploy.commandCalls(ListDeploymentsCommand)[0].args[0].input).toMatchObject({ applicationName: "shop-dev", deploymentGroupName: "shop-dev" });
    expect(elbv2.commandCalls(DescribeTargetGroupsCommand)[0].args[0].input).toEqual({ Names: ["shop-dev-web"] });
  });

  test("--help (or -h) prints the command's usage on stdout and exits 0, before any AWS call", async () => {
    for (const argv of [["status", "--help"], ["stop", "webapp-dev", "-h"]]) {
      const result = await run(argv);
      expect(result.code).toBe(EXIT.OK);
      expect(result.stdout).toBe(`usage: npm run ${argv[0] === "status" ? "status -- <stack> [--deployment d-XXXXXXXXX]" : "stop -- <stack> [--no-wait] [--timeout MINUTES]"}\n`);
    }
    for (const mock of [codedeploy, codepipeline, elbv2, autoscaling, cloudwatch]) expect(mock.calls()).toHaveLength(0);
  });

  test("usage mistakes exit 2 before any AWS call", async () => {
    expect((await run(["status"])).code).toBe(EXIT.USAGE);
    expect((await run(["status", "webapp-qa"])).stderr).toContain('unknown stack "webapp-qa"');
    expect((await run(["deploy", "webapp-dev", "https://example.com/x.zip"])).stderr).toContain("is not an S3 URL of the form s3://<bucket>/<key>.zip");
    expect((await run(["history", "webapp-dev", "--limit", "0"])).code).toBe(EXIT.USAGE);
    expect((await run(["history", "webapp-dev", "--lmit", "3"])).code).toBe(EXIT.USAGE);
    expect((await run(["launch", "webapp-dev"])).code).toBe(EXIT.USAGE);
    expect((await run(["status", "webapp-dev"], { environments: { dev: { minSize: 0 } } })).code).toBe(EXIT.USAGE);
    const lambda = await run(["status", "webapp-api"], { environments: { api: { platform: "lambda" } } });
    expect(lambda.code).toBe(EXIT.USAGE);
    expect(lambda.stderr).toContain("webapp-api is a lambda environment; these commands drive EC2 blue/green deployments");
    expect(lambda.stderr).toContain("(or the release_command output)");
    const ecs = await run(["status", "webapp-api"], {
      environments: {
        api: {
          platform: "ecs",
          vpcId: "vpc-0123456789abcdef0",
          subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
          ecs: { taskSubnetIds: ["subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"], testListenerCidrs: ["203.0.113.0/24"] },
        },
      },
    });
    expect(ecs.code).toBe(EXIT.USAGE);
    // ECS stacks start a deployment by hand with deploy_command (an AppSpec); they have no release_command.
    expect(ecs.stderr).toContain("webapp-api is an ecs environment; these commands drive EC2 blue/green deployments. Release it with its pipeline (or the deploy_command output)");
    for (const mock of [codedeploy, codepipeline, elbv2, autoscaling, cloudwatch]) expect(mock.calls()).toHaveLength(0);
  });
});

describe("real clients, loopback only", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test("an unreachable endpoint is an AWS error (exit 3) with the network fix; the request went to 127.0.0.1", async () => {
    codedeploy.restore();
    try {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", AWS_EC2_METADATA_DISABLED: "true" });
      const { code, stderr } = await run(["history", "webapp-dev"]);
      expect(code).toBe(EXIT.AWS_ERROR);
      expect(stderr).toMatch(/^AWS error: ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+\n/);
      expect(stderr).toContain("fix: the us-east-1 endpoint could not be reached");
    } finally {
      codedeploy.reset();
    }
  });

  test("no credentials anywhere: exit 3 with how to provide them (nothing is sent)", async () => {
    codedeploy.restore();
    try {
      for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
      Object.assign(process.env, { AWS_EC2_METADATA_DISABLED: "true", AWS_CONFIG_FILE: "/nonexistent/config", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials" });
      const { code, stderr } = await run(["history", "webapp-dev"]);
      expect(code).toBe(EXIT.AWS_ERROR);
      expect(stderr).toContain("AWS error: CredentialsProviderError: Could not load credentials from any providers");
      expect(stderr).toContain("fix: no AWS credentials found: export AWS_PROFILE=<profile>");
    } finally {
      codedeploy.reset();
    }
  });
});

describe("the test setup (setup.js)", () => {
  test("creating an SDK client prints no NodeVersionSupportWarning on Node 20 (the SDK's own switch is set)", () => {
    const emitWarning = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      // A fresh module registry: the SDK warns once per loaded copy, and this file's clients have loaded it already.
      jest.isolateModules(() => {
        const { CodeDeployClient: FreshClient } = jest.requireActual("@aws-sdk/client-codedeploy");
        new FreshClient({ region: "eu-west-1" }).destroy();
      });
      expect(emitWarning.mock.calls.filter(([warning]) => String(warning).includes("NodeVersionSupportWarning"))).toEqual([]);
    } finally {
      emitWarning.mockRestore();
    }
  });
});
