import { TerraformElement, TerraformStack } from "cdktf";
import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ECS_GUARDRAIL_RULES, Guardrails, GUARDRAIL_RULES } from "../../modules/guardrails";
import { AwsContext } from "../../modules/shared/aws-context";
import { policyDocument, trustPolicy } from "../../modules/shared/iam";
import { guardedStack, synthGuarded, useTemporaryOutdirs } from "../support/guardrails";

useTemporaryOutdirs("guardrails-ecs-");

const ecsStack = () => guardedStack({ platformRules: ECS_GUARDRAIL_RULES });

const CONTAINER = {
  name: "app",
  image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:abc",
  essential: true,
  privileged: false,
  readonlyRootFilesystem: true,
  logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" } },
};

function taskDefinition(stack: TerraformStack, container: Record<string, unknown> = CONTAINER, extra: Record<string, unknown> = {}): EcsTaskDefinition {
  return new EcsTaskDefinition(stack, "task", {
    family: "web",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    containerDefinitions: JSON.stringify([container]),
    ...extra,
  });
}

/** A task whose role has one inline statement: `actions` on one bucket's objects. */
function taskWithRole(stack: TerraformStack, actions: string[]): EcsTaskDefinition {
  const aws = new AwsContext(stack, "account", { region: "us-east-1" });
  const role = new IamRole(stack, "task_role", { name: "web-task", assumeRolePolicy: trustPolicy(stack, "trust", aws, "ecs-tasks").json });
  new IamRolePolicy(stack, "task_access", {
    name: "read",
    role: role.id,
    policy: policyDocument(stack, "task_access_document", [{ sid: "ReadObjects", actions, resources: ["arn:aws:s3:::web-assets-123456789012/*"] }]).json,
  });
  return taskDefinition(stack, CONTAINER, { taskRoleArn: role.arn });
}

/** An ALB whose test listener on 9000 admits `testCidr`, and the ECS deployment group that tests through it. */
function testListener(stack: TerraformStack, testCidr: string): VpcSecurityGroupIngressRule {
  const group = new SecurityGroup(stack, "alb_group", { name: "alb", description: "Load balancer: HTTPS from clients, the test port from testers" });
  new VpcSecurityGroupIngressRule(stack, "clients_443", { securityGroupId: group.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "Clients on 443" });
  const test = new VpcSecurityGroupIngressRule(stack, "testers_9000", { securityGroupId: group.id, cidrIpv4: testCidr, ipProtocol: "tcp", fromPort: 9000, toPort: 9000, description: "Testers on 9000" });
  const alb = new Lb(stack, "alb", { name: "web", internal: false, loadBalancerType: "application", securityGroups: [group.id], subnets: ["subnet-0a", "subnet-0b"], dropInvalidHeaderFields: true });
  const targetGroup = (id: string) =>
    new LbTargetGroup(stack, id, { name: `web-${id}`, targetType: "ip", port: 8080, protocol: "HTTP", vpcId: "vpc-0a", healthCheck: { enabled: true, path: "/health", matcher: "200" } });
  const [blue, green] = [targetGroup("blue"), targetGroup("green")];
  const listener = (id: string, port: number) =>
    new LbListener(stack, id, {
      loadBalancerArn: alb.arn,
      port,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012",
      defaultAction: [{ type: "forward", targetGroupArn: blue.arn }],
    });
  const [production, testing] = [listener("production", 443), listener("test", 9000)];
  const application = new CodedeployApp(stack, "app", { name: "web", computePlatform: "ECS" });
  new CodedeployDeploymentGroup(stack, "group", {
    appName: application.name,
    deploymentGroupName: "web",
    serviceRoleArn: "arn:aws:iam::123456789012:role/web-codedeploy",
    deploymentConfigName: "CodeDeployDefault.ECSAllAtOnce",
    deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
    ecsService: { clusterName: "web", serviceName: "web" },
    blueGreenDeploymentConfig: { deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" }, terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: 5 } },
    loadBalancerInfo: {
      targetGroupPairInfo: {
        prodTrafficRoute: { listenerArns: [production.arn] },
        testTrafficRoute: { listenerArns: [testing.arn] },
        targetGroup: [{ name: blue.name }, { name: green.name }],
      },
    },
    autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
    alarmConfiguration: { enabled: true, alarms: ["web-target-5xx"] },
  });
  return test;
}

interface RuleFixture {
  /** Builds the compliant construct, or the one breaking exactly this rule; returns what a suppression goes on. */
  build(stack: TerraformStack, broken: boolean): TerraformElement;
}

const containerFixture = (change: Record<string, unknown>): RuleFixture => ({
  build: (stack, broken) => taskDefinition(stack, broken ? { ...CONTAINER, ...change } : CONTAINER),
});

const FIXTURES: Record<string, RuleFixture> = {
  // A wildcard the common IAM rules let through (no "*" alone, no service-wide "s3:*", a named resource).
  "ECS-TASK-ROLES-SCOPED": { build: (stack, broken) => taskWithRole(stack, broken ? ["s3:Get*"] : ["s3:GetObject"]) },
  "ECS-NO-PRIVILEGED": containerFixture({ privileged: true }),
  "ECS-READONLY-ROOT": containerFixture({ readonlyRootFilesystem: undefined }),
  "ECS-AWSVPC": { build: (stack, broken) => taskDefinition(stack, CONTAINER, broken ? { networkMode: "bridge", requiresCompatibilities: ["EC2"] } : {}) },
  "ECS-LOGGING": containerFixture({ logConfiguration: undefined }),
  "ECR-SCAN-ON-PUSH": {
    build: (stack, broken) =>
      new EcrRepository(stack, "repository", { name: "web", imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: !broken } }),
  },
  "ECS-TEST-LISTENER-PRIVATE": {
    build: (stack, broken) => {
      const rule = testListener(stack, broken ? "0.0.0.0/0" : "198.51.100.10/32");
      // The common SG-OPEN-INGRESS refuses a public non-web port too; this fixture isolates the ECS rule.
      if (broken) Guardrails.suppress(rule, "SG-OPEN-INGRESS", "isolates ECS-TEST-LISTENER-PRIVATE in this fixture");
      return stack.node.findChild("group") as TerraformElement;
    },
  },
};

const RULE_COUNT = GUARDRAIL_RULES.length + ECS_GUARDRAIL_RULES.length;

describe("ECS guardrail pack", () => {
  test("every rule has an ID, what it checks, a rationale, what it mirrors and a fixture; IDs are unique across both packs", () => {
    const ids = [...GUARDRAIL_RULES, ...ECS_GUARDRAIL_RULES].map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of ECS_GUARDRAIL_RULES) for (const text of [rule.checks, rule.rationale, rule.mirrors]) expect(text.trim().length).toBeGreaterThan(5);
    expect(Object.keys(FIXTURES).sort()).toEqual(ECS_GUARDRAIL_RULES.map((rule) => rule.id).sort());
  });

  test("a stack without platformRules runs the common pack only (EC2 stacks' reports unchanged)", () => {
    const stack = guardedStack();
    taskDefinition(stack, { ...CONTAINER, privileged: true });
    const outcome = synthGuarded(stack);
    expect(outcome.errors).toEqual([]);
    expect(outcome.report!.rules).toBe(GUARDRAIL_RULES.length);
  });
});

describe.each(ECS_GUARDRAIL_RULES.map((rule) => [rule.id, FIXTURES[rule.id]] as const))("%s", (id, ruleFixture) => {
  test("a compliant construct passes with no finding at all", () => {
    const stack = ecsStack();
    ruleFixture.build(stack, false);
    const outcome = synthGuarded(stack);
    expect(outcome.errors).toEqual([]);
    expect(outcome.report).toMatchObject({ rules: RULE_COUNT, violations: 0, suppressed: [] });
  });

  test("the broken construct fails the synth with this rule's ID, and only this rule's", () => {
    const stack = ecsStack();
    ruleFixture.build(stack, true);
    const outcome = synthGuarded(stack);
    expect(outcome.failedRules).toEqual([id]);
    for (const line of outcome.errors) expect(line).toMatch(new RegExp(`^\\[stack/[^\\]]+\\] ${id}: .+ — .+$`));
  });

  test("a suppression with a reason lets it pass, reported in the output and in the metadata", () => {
    const stack = ecsStack();
    const target = ruleFixture.build(stack, true);
    Guardrails.suppress(target, id, "accepted for this test");
    const outcome = synthGuarded(stack);
    expect(outcome.errors).toEqual([]);
    expect(outcome.warnings).toEqual([]);
    expect(outcome.report!.suppressed.map(({ rule, reason, suppressedAt }) => ({ rule, reason, suppressedAt }))).toContainEqual({
      rule: id,
      reason: "accepted for this test",
      suppressedAt: target.node.path,
    });
  });
});
