import { resolveConfig } from "../../modules/config";
import { FARGATE_TASK_SIZES } from "../../modules/ecs/constants";
import { problemsOf } from "../support/config";

/** A valid ecs environment; each case overrides a part of it. */
const ECS_BASE = {
  platform: "ecs",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
  ecs: { taskSubnetIds: ["subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"], testListenerCidrs: ["198.51.100.10/32"] },
};
const env = (settings: Record<string, unknown>, ecs: Record<string, unknown> = {}) => ({
  environments: { api: { ...ECS_BASE, ...settings, ecs: { ...ECS_BASE.ecs, ...ecs } } },
});

describe("platform", () => {
  test("defaults to ec2 in every profile, so contexts without it keep their EC2 stacks", () => {
    expect(resolveConfig({}).environments.map((environment) => environment.platform)).toEqual(["ec2", "ec2", "ec2"]);
  });

  test("an unknown platform is refused with the list", () => {
    expect(problemsOf({ environments: { dev: { platform: "fargate" } } })).toEqual(['environments.dev.platform: "fargate" — must be one of ec2, ecs, lambda']);
  });

  test("lambda needs nothing more (its own keys are __tests__/config/lambda.test.ts's)", () => {
    expect(problemsOf({ environments: { dev: { platform: "lambda" } } })).toEqual([]);
  });
});

describe("ecs settings", () => {
  test("merge key by key over the profile's defaults", () => {
    const [api] = resolveConfig(env({ profile: "prod" }, { memory: 2048, deploymentConfig: { type: "linear", percentage: 25, intervalMinutes: 2 } })).environments;
    expect(api.ecs).toEqual({
      cpu: 512,
      memory: 2048,
      containerPort: 8080,
      desiredCount: 2,
      imageRetentionCount: 30,
      taskSubnetIds: ["subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"],
      testListenerPort: 9000,
      testListenerCidrs: ["198.51.100.10/32"],
      deploymentConfig: { type: "linear", percentage: 25, intervalMinutes: 2 },
      terminationWaitMinutes: 60,
      secrets: {},
      beforeAllowTrafficHook: false,
    });
  });

  test("every profile's default task size is one Fargate offers", () => {
    for (const profile of ["dev", "staging", "prod"]) {
      const [api] = resolveConfig(env({ profile })).environments;
      expect(FARGATE_TASK_SIZES[api.ecs.cpu]).toContain(api.ecs.memory);
    }
  });

  test("the Fargate table follows the ECS task-size rules at its edges", () => {
    expect(FARGATE_TASK_SIZES[2048][0]).toBe(4096);
    expect(FARGATE_TASK_SIZES[2048].at(-1)).toBe(16384);
    expect(FARGATE_TASK_SIZES[4096].at(-1)).toBe(30720);
    expect(FARGATE_TASK_SIZES[8192]).toEqual([16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440]);
    expect(FARGATE_TASK_SIZES[16384][1] - FARGATE_TASK_SIZES[16384][0]).toBe(8192);
    expect(FARGATE_TASK_SIZES[16384].at(-1)).toBe(122880);
  });

  test("a zero-config ecs environment names everything it lacks, at once", () => {
    expect(problemsOf({ environments: { api: { platform: "ecs" } } })).toEqual([
      "environments.api.vpcId: (missing) — an ecs environment names its VPC and the load balancer's public subnets (vpcId, subnetIds): the tasks run in private subnets, which the default VPC does not have",
      "environments.api.ecs.taskSubnetIds: (missing) — list the private subnets (with a NAT route) the tasks and the smoke-test hook run in",
      "environments.api.ecs.testListenerCidrs: [] — list who may reach the test listener: at least the public IPs of the NAT gateways the task subnets leave through (the AfterAllowTestTraffic hook calls the test listener from there)",
    ]);
  });

  test("an ecs block on an ec2 or lambda environment is refused, and only that (its cross-key rules stay quiet)", () => {
    expect(problemsOf({ environments: { dev: { ecs: { cpu: 256, memory: 4096 } }, fn: { platform: "lambda", ecs: { cpu: 256 } } } })).toEqual([
      'environments.dev.ecs: {"cpu":256,"memory":4096} — ECS settings apply only to platform "ecs" (set platform to "ecs", or remove them)',
      'environments.fn.ecs: {"cpu":256} — ECS settings apply only to platform "ecs" (set platform to "ecs", or remove them)',
    ]);
  });

  test("EC2 settings an ecs environment would ignore are refused, each pointing at its ECS counterpart where there is one", () => {
    expect(problemsOf(env({ scheme: "internal", instanceType: "t3.small", appPort: 8081, deploymentConfig: "CodeDeployDefault.OneAtATime", scaling: { cpuUtilizationPercent: 50 } }))).toEqual([
      'environments.api.scheme: "internal" — an EC2 setting; platform "ecs" runs Fargate tasks, not a fleet, and would ignore it (remove it, or set platform "ec2")',
      'environments.api.instanceType: "t3.small" — an EC2 setting; platform "ecs" runs Fargate tasks, not a fleet, and would ignore it (remove it, or set platform "ec2")',
      'environments.api.appPort: 8081 — an EC2 setting; platform "ecs" runs Fargate tasks, not a fleet, and would ignore it (set ecs.containerPort instead)',
      'environments.api.deploymentConfig: "CodeDeployDefault.OneAtATime" — an EC2 setting; platform "ecs" runs Fargate tasks, not a fleet, and would ignore it (set ecs.deploymentConfig instead)',
      'environments.api.scaling: {"cpuUtilizationPercent":50} — an EC2 setting; platform "ecs" runs Fargate tasks, not a fleet, and would ignore it (set ecs.autoScaling instead)',
    ]);
  });

  test("a fleet bound on an ecs environment is refused alone: the fleet's rules across its bounds stay quiet", () => {
    expect(problemsOf(env({ minSize: 3 }))).toEqual([
      'environments.api.minSize: 3 — an EC2 setting; platform "ecs" runs Fargate tasks, not a fleet, and would ignore it (set ecs.autoScaling instead)',
    ]);
  });

  test("the EC2 keys an ecs environment reads are accepted", () => {
    expect(
      problemsOf(
        env({
          ingressCidrs: ["10.0.0.0/8"],
          healthCheckPath: "/ready",
          deregistrationDelaySeconds: 30,
          deletionProtection: true,
          alarmTarget5xxCount: 7,
          alarmResponseTimeP99Seconds: 3,
          accessLogs: { expirationDays: 30 },
          certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab",
        }),
      ),
    ).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ["memory Fargate does not pair with the CPU", {}, { cpu: 256, memory: 4096 }, "environments.api.ecs.memory: 4096 — with cpu 256 Fargate accepts memory 512, 1024, 2048 (MiB) (Amazon ECS Developer Guide, task size)"],
    [
      "memory off the 1 GB steps",
      {},
      { cpu: 2048, memory: 5000 },
      "environments.api.ecs.memory: 5000 — with cpu 2048 Fargate accepts memory from 4096 to 16384 MiB in steps of 1024 (Amazon ECS Developer Guide, task size)",
    ],
    ["CPU units Fargate does not offer", {}, { cpu: 300 }, "environments.api.ecs.cpu: 300 — must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (Fargate task CPU units)"],
    ["an EC2 deployment config", {}, { deploymentConfig: "CodeDeployDefault.AllAtOnce" }, 'environments.api.ecs.deploymentConfig: "CodeDeployDefault.AllAtOnce" — must be one of CodeDeployDefault.ECSAllAtOnce'],
    ["a canary of 100%", {}, { deploymentConfig: { type: "canary", percentage: 100, intervalMinutes: 5 } }, "environments.api.ecs.deploymentConfig"],
    ["a termination wait above two days", {}, { terminationWaitMinutes: 2881 }, "environments.api.ecs.terminationWaitMinutes: 2881 — must be a whole number from 0 to 2880"],
    [
      "a test listener open to the internet",
      {},
      { testListenerCidrs: ["0.0.0.0/0"] },
      'environments.api.ecs.testListenerCidrs.0: "0.0.0.0/0" — the test listener serves the new revision before it is approved; it must not be open to the internet',
    ],
    ["a test listener on the production port", {}, { testListenerPort: 80 }, "environments.api.ecs.testListenerPort: 80 — the production listener uses port 80; the test listener needs a port of its own"],
    ["task subnets that are the load balancer's", {}, { taskSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0ccccccccccccccc3"] }, "environments.api.ecs.taskSubnetIds: "],
    ["a secret that is no ARN", {}, { secrets: { DB_PASSWORD: "hunter2" } }, 'environments.api.ecs.secrets.DB_PASSWORD: "hunter2" — must be a Secrets Manager secret ARN or an SSM parameter ARN'],
    ["a desired count outside the scaling bounds", {}, { desiredCount: 1, autoScaling: { minCapacity: 2, maxCapacity: 4, targetCpuPercent: 60 } }, "environments.api.ecs.desiredCount: 1 — must lie within autoScaling's minCapacity (2) and maxCapacity (4)"],
    ["a misspelt key", {}, { memroy: 1024 }, 'environments.api.ecs.memroy: (unknown key) — not a setting; did you mean "memory"?'],
    ["a misspelt custom traffic key", {}, { deploymentConfig: { type: "linear", percent: 10, intervalMinutes: 1 } }, "environments.api.ecs.deploymentConfig"],
    [
      "a custom alarm named like an ECS one",
      { customAlarms: [{ name: "service-cpu-high", metric: "CPUUtilization", namespace: "AWS/ECS", statistic: "Average", threshold: 80, period: 60, comparison: "GreaterThanThreshold" }] },
      {},
      'environments.api.customAlarms.0.name: "service-cpu-high" — a built-in alarm of the ecs platform has this name',
    ],
  ])("%s is refused", (_case, settings, ecs, expected) => {
    expect(problemsOf(env(settings, ecs))).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  test("every problem of the block comes in one run", () => {
    expect(problemsOf(env({}, { cpu: 256, memory: 4096, testListenerPort: 80, testListenerCidrs: ["0.0.0.0/0"] }))).toHaveLength(3);
  });

  test("more custom alarms than fit beside the six built-in ones are refused", () => {
    const alarm = (name: string) => ({ name, metric: "Errors", namespace: "App", statistic: "Sum", threshold: 1, period: 60, comparison: "GreaterThanThreshold" });
    expect(problemsOf(env({ customAlarms: ["a1", "a2", "a3", "a4", "a5"].map(alarm) }))).toEqual([
      "environments.api.customAlarms: 5 alarms — at most 4 on the ecs platform: with its 6 built-in alarms they must fit CodeDeploy's 10 per deployment group",
    ]);
  });
});
