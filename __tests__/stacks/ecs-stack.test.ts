import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Testing } from "cdktf";
import { EnvironmentConfig, resolveConfig } from "../../modules/config";
import { EcsStack } from "../../stacks/ecs-stack";
import { stackAnnotations } from "../support/stacks";
import { plannedChanges, prepareTerraformTestDir, runTerraformTest, TerraformTestResult } from "../support/terraform";

/** The ECS example context: one staging-profile environment with scaling, secrets and both hooks. */
const context = JSON.parse(readFileSync(join(__dirname, "..", "..", "examples", "ecs-fargate.json"), "utf8"));
const SCENARIOS = "ecs-handover.tftest.hcl";

type Json = Record<string, any>;

/**
 * The stack as CodeDeploy and Application Auto Scaling leave it, for the scenarios' `./codedeploy`
 * module: what they own comes from variables, and nothing is ignored (so an apply writes it).
 */
function codeDeployVariant(json: Json): Json {
  const variant: Json = structuredClone(json);
  const resources = variant.resource;
  const blue = "${aws_lb_target_group.traffic_blue.arn}";
  const green = "${aws_lb_target_group.traffic_green.arn}";
  variant.variable = {
    production_weights: { type: "list(number)", default: [1, 0] },
    test_on_green: { type: "bool", default: false },
    on_green: { type: "bool", default: false },
    task_definition: { type: "string", default: "" },
    desired_count: { type: "number", default: json.resource.aws_ecs_service.service_service.desired_count },
  };
  const production = resources.aws_lb_listener.traffic_production;
  production.default_action = [
    {
      type: "forward",
      forward: {
        target_group: [
          { arn: blue, weight: "${var.production_weights[0]}" },
          { arn: green, weight: "${var.production_weights[1]}" },
        ],
      },
    },
  ];
  resources.aws_lb_listener.traffic_test.default_action = [{ type: "forward", target_group_arn: `\${var.test_on_green ? ${green.slice(2, -1)} : ${blue.slice(2, -1)}}` }];
  const service = resources.aws_ecs_service.service_service;
  service.task_definition = '${var.task_definition == "" ? aws_ecs_task_definition.service_task.arn : var.task_definition}';
  service.load_balancer[0].target_group_arn = `\${var.on_green ? ${green.slice(2, -1)} : ${blue.slice(2, -1)}}`;
  service.desired_count = "${var.desired_count}";
  for (const resource of [production, resources.aws_lb_listener.traffic_test, service]) delete resource.lifecycle;
  return variant;
}

/** The stack with one task-definition setting changed: memory 2048 → 3072 MiB (cpu 512 allows both). */
function changedVariant(json: Json): Json {
  const variant: Json = structuredClone(json);
  variant.resource.aws_ecs_task_definition.service_task.memory = "3072";
  return variant;
}

function writeVariant(stackDir: string, json: Json): string {
  const dir = mkdtempSync(join(tmpdir(), "ecs-variant-"));
  cpSync(stackDir, dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
  return dir;
}

describe("ECS stack (examples/ecs-fargate.json)", () => {
  const environment: EnvironmentConfig = resolveConfig(context).environments[0];
  const stem = environment.names.stem;
  let outdir: string;
  let json: Json;
  let scenarios: TerraformTestResult;
  const dirs: string[] = [];

  beforeAll(() => {
    const stack = new EcsStack(Testing.app(), stem, { environment });
    outdir = Testing.fullSynth(stack);
    const stackDir = join(outdir, "stacks", stem);
    json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    const codedeploy = writeVariant(stackDir, codeDeployVariant(json));
    const changed = writeVariant(stackDir, changedVariant(json));
    dirs.push(codedeploy, changed);
    const workspace = prepareTerraformTestDir(stackDir, [SCENARIOS], stem, { modules: { codedeploy, changed } });
    dirs.push(workspace);
    scenarios = runTerraformTest(workspace);
  });
  afterAll(() => {
    for (const dir of [outdir, ...dirs]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("is valid Terraform for hashicorp/aws 5.100.0", () => {
    expect(outdir).toBeValidTerraform();
  });

  test("passes every handover scenario, and teardown is clean", () => {
    const failed = scenarios.runs.filter((run) => run.status !== "pass").map((run) => `${run.run}: ${run.status}\n${run.diagnostics.join("\n")}`);
    expect(failed).toEqual([]);
    expect(scenarios.runs.map((run) => run.run)).toEqual([
      "fresh_account",
      "during_deployment_state",
      "during_deployment",
      "after_rollback_state",
      "after_rollback",
      "after_deployment_state",
      "after_deployment_new_image",
      "task_definition_setting_change",
    ]);
    expect(scenarios.exitCode).toBe(0);
  });

  test("a fresh account gets every resource of the stack", () => {
    const count = Object.values(json.resource).reduce((sum: number, byName: any) => sum + Object.keys(byName).length, 0);
    expect(scenarios.run(SCENARIOS, "fresh_account").stateResources).toHaveLength(count);
  });

  test.each(["during_deployment", "after_rollback", "after_deployment_new_image"])("%s: the re-plan changes nothing CodeDeploy or scaling own, nor anything else", (run) => {
    expect(plannedChanges(scenarios.run(SCENARIOS, run))).toEqual([]);
  });

  test("a task-definition setting change: a new task definition and the build's taskdef.json, never the service or listeners", () => {
    const run = scenarios.run(SCENARIOS, "task_definition_setting_change");
    // The mocked provider does not run the real one's planning: it shows an update where hashicorp/aws
    // replaces the task definition (every argument forces a new revision), and it leaves the build
    // project's ARN unknown during the update, so the pipeline policy that names it is re-read.
    expect(plannedChanges(run)).toEqual([
      "aws_codebuild_project.build_project: update",
      "aws_ecs_task_definition.service_task: update",
      "aws_iam_role_policy.pipeline_access: update",
    ]);
    const build = run.changes.find((change) => change.address === "aws_codebuild_project.build_project")!;
    const variables = (build.after as any).environment[0].environment_variable;
    expect(JSON.parse(variables.find((v: any) => v.name === "TASK_DEFINITION").value).memory).toBe("3072");
  });

  test("the service, listeners and scaling leave to CodeDeploy exactly what it owns", () => {
    const r = json.resource;
    expect(r.aws_ecs_service.service_service.lifecycle.ignore_changes).toEqual(["task_definition", "load_balancer", "desired_count"]);
    expect(r.aws_lb_listener.traffic_production.lifecycle.ignore_changes).toEqual(["default_action"]);
    expect(r.aws_lb_listener.traffic_test.lifecycle.ignore_changes).toEqual(["default_action"]);
    expect(r.aws_ecs_service.service_service.deployment_controller).toEqual({ type: "CODE_DEPLOY" });
  });

  test("passes every guardrail: no violation; reasoned suppressions for HTTP without a certificate and the Docker build", () => {
    const annotations = stackAnnotations(outdir, stem);
    expect(annotations.filter((a) => a.level !== "@cdktf/info")).toEqual([]);
    expect(json["//"].metadata.guardrails.violations).toBe(0);
    expect(json["//"].metadata.guardrails.suppressed.map((s: any) => [s.rule, s.suppressedAt])).toEqual([
      ["ALB-HTTP-REDIRECT", `${stem}/traffic`],
      ["ALB-HTTP-REDIRECT", `${stem}/traffic`],
      ["CODEBUILD-UNPRIVILEGED", `${stem}/build/project`],
    ]);
  });

  test("the deployment group pairs the two target groups behind the production and test listeners", () => {
    const group = json.resource.aws_codedeploy_deployment_group.deployment_group;
    expect(group.deployment_style).toEqual({ deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" });
    expect(group.ecs_service).toEqual({ cluster_name: "${aws_ecs_cluster.service_cluster.name}", service_name: "${aws_ecs_service.service_service.name}" });
    expect(group.load_balancer_info.target_group_pair_info).toEqual({
      prod_traffic_route: { listener_arns: ["${aws_lb_listener.traffic_production.arn}"] },
      test_traffic_route: { listener_arns: ["${aws_lb_listener.traffic_test.arn}"] },
      target_group: [{ name: "${aws_lb_target_group.traffic_blue.name}" }, { name: "${aws_lb_target_group.traffic_green.name}" }],
    });
    expect(group.blue_green_deployment_config).toEqual({
      deployment_ready_option: { action_on_timeout: "CONTINUE_DEPLOYMENT" },
      terminate_blue_instances_on_deployment_success: { action: "TERMINATE", termination_wait_time_in_minutes: 15 },
    });
    expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] });
    expect(group.alarm_configuration.alarms).toHaveLength(6);
    expect(group.deployment_config_name).toBe("${aws_codedeploy_deployment_config.deployment_config.deployment_config_name}");
    expect(json.resource.aws_codedeploy_deployment_config.deployment_config).toMatchObject({
      compute_platform: "ECS",
      deployment_config_name: `${stem}-traffic`,
      traffic_routing_config: { type: "TimeBasedCanary", time_based_canary: { percentage: 20, interval: 5 } },
    });
    expect(json.resource.aws_codedeploy_app.deployment_application.compute_platform).toBe("ECS");
  });

  test("the test listener admits only the configured CIDRs, on its own port", () => {
    const rules = Object.values(json.resource.aws_vpc_security_group_ingress_rule as Json).filter((rule: any) => rule.from_port === 9000);
    expect(rules.map((rule: any) => rule.cidr_ipv4).sort()).toEqual(["198.51.100.10/32", "198.51.100.11/32", "203.0.113.0/24"]);
    expect(json.resource.aws_lb_listener.traffic_test).toMatchObject({ port: 9000, protocol: "HTTP" });
    expect(json.output.test_listener_url.value).toBe("http://${aws_lb.traffic_alb.dns_name}:9000");
  });

  test("the task definition: Fargate size, awsvpc, read-only root, unprivileged, logs, secrets", () => {
    const task = json.resource.aws_ecs_task_definition.service_task;
    expect(task).toMatchObject({ cpu: "512", memory: "2048", network_mode: "awsvpc", requires_compatibilities: ["FARGATE"] });
    const [container] = JSON.parse(task.container_definitions);
    expect(container).toMatchObject({
      name: "app",
      privileged: false,
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: 8080, protocol: "tcp" }],
      secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/api/db-AbCdEf" }],
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": `/ecs/${stem}`, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" } },
    });
    expect(json.resource.aws_ecs_service.service_service.network_configuration).toEqual({
      assign_public_ip: false,
      security_groups: ["${aws_security_group.traffic_task_group.id}"],
      subnets: ["subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"],
    });
  });

  test("the release: a privileged image build with the stack's buildspec, then CodeDeployToECS", () => {
    const build = json.resource.aws_codebuild_project.build_project;
    expect(build.environment.privileged_mode).toBe(true);
    // The shell's ${…} escaped from Terraform's templates.
    expect(build.source.buildspec).toContain('IMAGE_TAG="$${CODEBUILD_RESOLVED_SOURCE_VERSION:0:12}"');
    const variables = Object.fromEntries(build.environment.environment_variable.map((v: any) => [v.name, v.value]));
    expect(Object.keys(variables)).toEqual(["REPOSITORY_URI", "TASK_DEFINITION", "APPSPEC"]);
    expect(JSON.parse(variables.TASK_DEFINITION).containerDefinitions[0].image).toBe("<IMAGE1_NAME>");
    expect(variables.APPSPEC).toBe(
      [
        "version: 0.0",
        "Resources:",
        "  - TargetService:",
        "      Type: AWS::ECS::Service",
        "      Properties:",
        '        TaskDefinition: "<TASK_DEFINITION>"',
        "        LoadBalancerInfo:",
        '          ContainerName: "app"',
        "          ContainerPort: 8080",
        "Hooks:",
        '  - AfterAllowTestTraffic: "${aws_lambda_function.hooks_after_allow_test_traffic.function_name}"',
        '  - BeforeAllowTraffic: "${aws_lambda_function.hooks_before_allow_traffic.function_name}"',
        "",
      ].join("\n"),
    );
    const stages = json.resource.aws_codepipeline.pipeline_pipeline.stage;
    expect(stages.map((stage: any) => stage.name)).toEqual(["Source", "Build", "Deploy"]);
    expect(stages[2].action[0]).toMatchObject({ provider: "CodeDeployToECS", input_artifacts: ["revision"] });
  });

  test("the repository: immutable tags, scan on push, keeps the newest 25 images", () => {
    expect(json.resource.aws_ecr_repository.registry_repository).toMatchObject({ image_tag_mutability: "IMMUTABLE", image_scanning_configuration: { scan_on_push: true } });
    expect(JSON.parse(json.resource.aws_ecr_lifecycle_policy.registry_lifecycle.policy).rules[0].selection).toEqual({
      tagStatus: "any",
      countType: "imageCountMoreThan",
      countNumber: 25,
    });
  });
});

describe("ECS stack on the prod profile", () => {
  // The production guardrails (ALB-ACCESS-LOGS, LAMBDA-TRACING) refused every prod ECS environment
  // before its load balancer logged and its hooks traced.
  test("passes every guardrail: the load balancer logs to its own bucket, the hook functions trace", () => {
    const [name] = Object.keys(context.environments);
    const prod = { ...context, environments: { [name]: { ...context.environments[name], profile: "prod" } } };
    const [environment] = resolveConfig(prod).environments;
    const stem = environment.names.stem;
    const outdir = Testing.fullSynth(new EcsStack(Testing.app(), stem, { environment }));
    try {
      expect(stackAnnotations(outdir, stem).filter((a) => a.level !== "@cdktf/info")).toEqual([]);
      const json = JSON.parse(readFileSync(join(outdir, "stacks", stem, "cdk.tf.json"), "utf8"));
      expect(json.resource.aws_lb.traffic_alb.access_logs).toEqual({ bucket: "${aws_s3_bucket.load_balancer_logs_bucket.bucket}", prefix: "access", enabled: true });
      for (const hook of Object.values<any>(json.resource.aws_lambda_function)) expect(hook.tracing_config).toEqual({ mode: "Active" });
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
