import { EcsBlueGreenDeployment, trafficRouting } from "../../modules/ecs/deployment";
import { EcsNames } from "../../modules/ecs/names";
import { ImageRepository } from "../../modules/ecs/registry";
import { FargateService } from "../../modules/ecs/service";
import { EcsTraffic, EcsTrafficProps } from "../../modules/ecs/traffic";
import { AwsContext } from "../../modules/shared/aws-context";
import { ResourceNames } from "../../modules/shared/naming";
import { policyStatements, synthModule } from "../support/synth";

const names = new EcsNames(new ResourceNames("shop", "api"));
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012";

const trafficProps: EcsTrafficProps = {
  loadBalancerName: "shop-api",
  blueTargetGroupName: "shop-api-blue",
  greenTargetGroupName: "shop-api-green",
  loadBalancerGroupName: "shop-api-alb",
  taskGroupName: "shop-api-tasks",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
  ingressCidrs: ["0.0.0.0/0"],
  testListenerPort: 9000,
  testListenerCidrs: ["198.51.100.10/32"],
  containerPort: 8080,
  healthCheckPath: "/health",
};

describe("EcsTraffic", () => {
  const synth = (overrides: Partial<EcsTrafficProps> = {}) => synthModule((scope) => new EcsTraffic(scope, "traffic", { ...trafficProps, ...overrides }));

  test("two IP target groups on the container port with the health check on the app's path", () => {
    const groups = Object.values(synth().resources("aws_lb_target_group")) as any[];
    expect(groups.map((group) => [group.name, group.target_type, group.port, group.health_check.path, group.health_check.matcher])).toEqual([
      ["shop-api-blue", "ip", 8080, "/health", "200"],
      ["shop-api-green", "ip", 8080, "/health", "200"],
    ]);
  });

  test("with a certificate: HTTPS production and test listeners, 80 redirects", () => {
    const listeners = synth({ certificateArn: CERTIFICATE }).resources("aws_lb_listener");
    // synthScope keeps cdktf's hashed logical IDs: the construct path prefix names each listener.
    expect(Object.fromEntries(Object.entries(listeners).map(([id, l]: [string, any]) => [id.replace(/_[0-9A-F]{8}$/, ""), [l.port, l.protocol, l.default_action[0].type]]))).toEqual({
      traffic_production: [443, "HTTPS", "forward"],
      traffic_http: [80, "HTTP", "redirect"],
      traffic_test: [9000, "HTTPS", "forward"],
    });
  });

  test("tasks accept the container port from the load balancer only and send HTTPS out", () => {
    const synthesized = synth();
    const ingress = Object.values(synthesized.resources("aws_vpc_security_group_ingress_rule")) as any[];
    expect(ingress.filter((rule) => rule.security_group_id.includes("task_group"))).toEqual([
      expect.objectContaining({ from_port: 8080, to_port: 8080, referenced_security_group_id: expect.stringMatching(/^\$\{aws_security_group\.traffic_load_balancer_group_\w+\.id\}$/) }),
    ]);
    const egress = Object.values(synthesized.resources("aws_vpc_security_group_egress_rule")) as any[];
    expect(egress.filter((rule) => rule.security_group_id.includes("task_group")).map((rule) => [rule.from_port, rule.cidr_ipv4])).toEqual([[443, "0.0.0.0/0"]]);
  });

  test.each<[string, Partial<EcsTrafficProps>, string]>([
    ["a test listener open to everyone", { testListenerCidrs: ["0.0.0.0/0"] }, "EcsTraffic: testListenerCidrs must not admit the whole internet: the test listener serves unreleased revisions"],
    ["no test CIDR", { testListenerCidrs: [] }, "EcsTraffic: testListenerCidrs must list at least one CIDR block (the hook's NAT addresses)"],
    ["the test listener on a production port", { certificateArn: CERTIFICATE, testListenerPort: 443 }, "EcsTraffic: testListenerPort 443 is a production listener's port"],
  ])("%s is refused", (_case, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});

describe("EcsBlueGreenDeployment", () => {
  const synth = (overrides: Partial<ConstructorParameters<typeof EcsBlueGreenDeployment>[2]> = {}) =>
    synthModule((scope, aws: AwsContext) => {
      new EcsBlueGreenDeployment(scope, "deployment", {
        aws,
        applicationName: "shop-api",
        deploymentGroupName: "shop-api",
        roleName: "shop-api-codedeploy",
        customDeploymentConfigName: "shop-api-traffic",
        deploymentConfig: "CodeDeployDefault.ECSCanary10Percent5Minutes",
        clusterName: "shop-api",
        serviceName: "shop-api",
        serviceArn: "arn:aws:ecs:us-east-1:123456789012:service/shop-api/shop-api",
        productionListenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-api/1/2",
        testListenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-api/1/3",
        targetGroupNames: ["shop-api-blue", "shop-api-green"],
        taskRoleArns: ["arn:aws:iam::123456789012:role/shop-api-task-execution", "arn:aws:iam::123456789012:role/shop-api-task"],
        terminationWaitMinutes: 5,
        alarmNames: ["shop-api-target-5xx"],
        alarmArns: ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-api-target-5xx"],
        hookFunctionArns: ["arn:aws:lambda:us-east-1:123456789012:function:shop-api-AfterAllowTestTraffic"],
        ...overrides,
      });
    });

  test("a predefined config creates no config resource; the application is ECS", () => {
    const synthesized = synth();
    expect(synthesized.resources("aws_codedeploy_deployment_config")).toEqual({});
    expect(synthesized.resource("aws_codedeploy_app").compute_platform).toBe("ECS");
    expect(synthesized.resource("aws_codedeploy_deployment_group").deployment_config_name).toBe("CodeDeployDefault.ECSCanary10Percent5Minutes");
  });

  test("custom linear and canary configs map to CodeDeploy's time-based traffic routing", () => {
    expect(trafficRouting({ type: "linear", percentage: 25, intervalMinutes: 2 })).toEqual({ type: "TimeBasedLinear", timeBasedLinear: { percentage: 25, interval: 2 } });
    expect(trafficRouting({ type: "canary", percentage: 10, intervalMinutes: 15 })).toEqual({ type: "TimeBasedCanary", timeBasedCanary: { percentage: 10, interval: 15 } });
    expect(() => trafficRouting({ type: "canary", percentage: 0, intervalMinutes: 15 })).toThrow("percentage must be a whole number from 1 to 99, got 0");
  });

  test("the CodeDeploy role may touch this service, its listeners, alarms, hooks and task roles only", () => {
    const statements = policyStatements(synth(), "deployment_access_document");
    expect(Object.fromEntries(statements.map((s: any) => [s.sid, s.resources]))).toEqual({
      DescribeService: ["arn:aws:ecs:us-east-1:123456789012:service/shop-api/shop-api"],
      ManageTaskSets: [
        "arn:aws:ecs:us-east-1:123456789012:service/shop-api/shop-api",
        expect.stringMatching(/^arn:aws:ecs:us-east-1:\$\{data\.aws_caller_identity\.account_caller_\w+\.account_id\}:task-set\/shop-api\/shop-api\/\*$/),
      ],
      ReadLoadBalancing: ["*"],
      ShiftListeners: ["arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-api/1/2", "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-api/1/3"],
      ReadAlarms: ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-api-target-5xx"],
      InvokeHooks: ["arn:aws:lambda:us-east-1:123456789012:function:shop-api-AfterAllowTestTraffic"],
      PassTaskRoles: ["arn:aws:iam::123456789012:role/shop-api-task-execution", "arn:aws:iam::123456789012:role/shop-api-task"],
    });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["an EC2 config", { deploymentConfig: "CodeDeployDefault.AllAtOnce" }, 'deploymentConfig "CodeDeployDefault.AllAtOnce" is not a predefined ECS config'],
    ["no alarm", { alarmNames: [] }, "alarmNames must not be empty"],
    ["a termination wait above two days", { terminationWaitMinutes: 2881 }, "terminationWaitMinutes must be a whole number from 0 to 2880, got 2881"],
  ])("%s is refused", (_case, overrides, message) => {
    expect(() => synth(overrides as never)).toThrow(message);
  });
});

describe("FargateService and ImageRepository", () => {
  const service = (overrides: Record<string, unknown> = {}) =>
    synthModule((scope, aws) => {
      new FargateService(scope, "service", {
        aws,
        names,
        cpu: 256,
        memory: 512,
        containerPort: 8080,
        healthCheckPath: "/health",
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:initial",
        repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/shop-api",
        desiredCount: 2,
        subnetIds: ["subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"],
        securityGroupId: "sg-0123456789abcdef0",
        targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-api-blue/1",
        logRetentionDays: 30,
        ...overrides,
      });
    });

  test("without scaling Terraform keeps the desired count; CodeDeploy's attributes are always ignored", () => {
    expect(service().resource("aws_ecs_service").lifecycle.ignore_changes).toEqual(["task_definition", "load_balancer"]);
    expect(service().resources("aws_appautoscaling_target")).toEqual({});
  });

  test("the execution role reads exactly the configured secrets, by kind", () => {
    const synthesized = service({
      secrets: { DB: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", TOKEN: "arn:aws:ssm:us-east-1:123456789012:parameter/shop/token" },
    });
    const statements = policyStatements(synthesized, "execution_access_document");
    expect(statements.filter((s: any) => ["ReadSecrets", "ReadParameters"].includes(s.sid))).toEqual([
      { sid: "ReadSecrets", actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"] },
      { sid: "ReadParameters", actions: ["ssm:GetParameters"], resources: ["arn:aws:ssm:us-east-1:123456789012:parameter/shop/token"] },
    ]);
    expect(synthesized.resource("aws_ecs_cluster").setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });

  test("a size Fargate does not offer is refused, naming the sizes it does", () => {
    expect(() => service({ cpu: 1024, memory: 1024 })).toThrow("FargateService: cpu 1024 with memory 1024 is no Fargate task size: with cpu 1024 Fargate accepts memory 2048, 3072, 4096, 5120, 6144, 7168, 8192 (MiB)");
  });

  test("a repository name ECR refuses is refused", () => {
    expect(() => synthModule((scope) => new ImageRepository(scope, "registry", { name: "Shop_API", keepImages: 5 }))).toThrow('ImageRepository: name "Shop_API" must be lowercase');
  });
});
