import { cpSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { GUARDRAIL_RULES } from "../../modules/guardrails";
import { trafficShiftBuildspec } from "../../modules/lambda/release";
import { environmentConfig, stackAnnotations, synthLambdaStack } from "../support/stacks";
import { detailedExitCode, plannedChanges, prepareTerraformTestDir, runTerraformTest, TerraformTestResult } from "../support/terraform";

const SCENARIOS = "lambda-traffic.tftest.hcl";

const count = (json: Record<string, any>, section: "resource" | "data") =>
  Object.values(json[section] ?? {}).reduce((sum: number, byName: any) => sum + Object.keys(byName).length, 0);

/** A copy of the synthesized stack folder with `edit` applied to its cdk.tf.json. */
function variant(stackDir: string, json: Record<string, any>, edit: (copy: Record<string, any>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "lambda-variant-"));
  cpSync(stackDir, dir, { recursive: true });
  const copy = structuredClone(json);
  delete copy.terraform.backend; // a child module has no backend
  edit(copy);
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(copy));
  return dir;
}

/** The alias as CodeDeploy leaves it: literal version and weights, no lifecycle (the apply writes them). */
const codeDeployWrote = (functionVersion: string, weights?: Record<string, number>) => (copy: Record<string, any>) => {
  const alias = copy.resource.aws_lambda_alias.alias;
  delete alias.lifecycle;
  alias.function_version = functionVersion;
  if (weights) alias.routing_config = { additional_version_weights: weights };
};

describe("Lambda stack (platform: lambda, prod profile, function URL)", () => {
  const environment = environmentConfig("api", { platform: "lambda", profile: "prod" });
  const stem = environment.names.stem;
  let outdir: string;
  let json: Record<string, any>;
  let scenarios: TerraformTestResult;
  const dirs: string[] = [];

  beforeAll(() => {
    const synthesized = synthLambdaStack(environment);
    ({ outdir, json } = synthesized);
    const stackDir = synthesized.stackDir;
    const modules = {
      codedeploy_canary: variant(stackDir, json, codeDeployWrote("1", { "2": 0.1 })),
      codedeploy_completed: variant(stackDir, json, codeDeployWrote("2")),
      codedeploy_rolled_back: variant(stackDir, json, codeDeployWrote("1")),
      config_change: variant(stackDir, json, (copy) => {
        copy.resource.aws_lambda_function.function_function.memory_size += 512;
      }),
      new_code: variant(stackDir, json, (copy) => {
        const fn = copy.resource.aws_lambda_function;
        fn.function_function.filename = fn.hooks_pre_traffic_function.filename;
        fn.function_function.source_code_hash = fn.hooks_pre_traffic_function.source_code_hash;
      }),
    };
    dirs.push(...Object.values(modules));
    const workspace = prepareTerraformTestDir(stackDir, [SCENARIOS], stem, { modules });
    dirs.push(workspace);
    scenarios = runTerraformTest(workspace);
  });

  afterAll(() => {
    for (const dir of [...dirs, outdir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("is valid Terraform for hashicorp/aws 5.100.0", () => {
    expect(outdir).toBeValidTerraform();
  });

  test("passes its seven scenarios: fresh account, canary, configuration change, completed shift, new package, rollback, re-apply after it", () => {
    const failed = scenarios.runs.filter((run) => run.status !== "pass").map((run) => `${run.run}: ${run.status}\n${run.diagnostics.join("\n")}`);
    expect(failed).toEqual([]);
    expect(scenarios.runs.map((run) => run.run)).toEqual([
      "fresh_account",
      "during_canary",
      "configuration_only_change",
      "after_completed_deployment",
      "new_code_package",
      "after_rollback",
      "reapply_after_rollback",
    ]);
    expect(scenarios.exitCode).toBe(0);
  });

  test("a fresh account gets every resource of the stack", () => {
    expect(scenarios.run(SCENARIOS, "fresh_account").stateResources).toHaveLength(count(json, "resource"));
  });

  test("during a canary, a configuration change updates the function (publishing a version) and leaves the weighted alias alone", () => {
    const planned = scenarios.run(SCENARIOS, "configuration_only_change");
    expect(plannedChanges(planned)).toEqual(["aws_lambda_function.function_function: update"]);
    const alias = planned.changes.find((change) => change.address === "aws_lambda_alias.alias");
    expect(alias?.actions).toEqual(["no-op"]);
    expect(alias?.after).toMatchObject({ function_version: "1", routing_config: [{ additional_version_weights: { "2": 0.1 } }] });
  });

  test("after a completed shift, a new package in Terraform's configuration plans nothing: the pipeline owns the code, CodeDeploy the alias", () => {
    const planned = scenarios.run(SCENARIOS, "new_code_package");
    expect(plannedChanges(planned)).toEqual([]);
    expect(detailedExitCode(planned)).toBe(0);
  });

  test("after a rollback, a re-apply of the stack plans nothing at all (no resource, no output: -detailed-exitcode 0)", () => {
    const planned = scenarios.run(SCENARIOS, "reapply_after_rollback");
    expect(plannedChanges(planned)).toEqual([]);
    expect(planned.outputChanges.filter((change) => !change.endsWith(": no-op"))).toEqual([]);
    expect(detailedExitCode(planned)).toBe(0);
  });

  test("passes every guardrail with nothing suppressed", () => {
    expect(stackAnnotations(outdir, stem)).toEqual([]);
    const report = json["//"].metadata.guardrails;
    expect(report).toMatchObject({ rules: GUARDRAIL_RULES.length, violations: 0, warnings: 0, suppressed: [] });
    expect(report.checkedElements).toBe(count(json, "resource") + count(json, "data"));
  });

  test("the function publishes versions, traces (prod), and leaves its code to the pipeline; the alias leaves version and weights to CodeDeploy", () => {
    const fn = json.resource.aws_lambda_function.function_function;
    expect(fn).toMatchObject({
      function_name: stem,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 512,
      timeout: 10,
      publish: true,
      tracing_config: { mode: "Active" },
      logging_config: { log_format: "JSON", log_group: "${aws_cloudwatch_log_group.function_logs.name}" },
      lifecycle: { ignore_changes: ["filename", "source_code_hash"] },
    });
    expect(json.resource.aws_cloudwatch_log_group.function_logs).toMatchObject({ name: `/aws/lambda/${stem}`, retention_in_days: 90 });
    expect(json.resource.aws_lambda_alias.alias).toMatchObject({
      name: "live",
      function_version: "${aws_lambda_function.function_function.version}",
      lifecycle: { ignore_changes: ["function_version", "routing_config"] },
    });
    expect(json.resource.aws_lambda_function_url.front_door_url).toMatchObject({ qualifier: "${aws_lambda_alias.alias.name}", authorization_type: "AWS_IAM" });
  });

  test("the deployment group shifts the alias by prod's canary, runs no fleet, and rolls back on failure and on the alias's three alarms", () => {
    expect(json.resource.aws_codedeploy_app.deployment_application).toMatchObject({ name: stem, compute_platform: "Lambda" });
    expect(json.resource.aws_codedeploy_deployment_group.deployment_group).toMatchObject({
      deployment_config_name: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
      deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
      auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarm_configuration: { enabled: true, alarms: ["errors", "throttles", "duration_p99"].map((alarm) => `\${aws_cloudwatch_metric_alarm.monitoring_${alarm}.alarm_name}`) },
    });
    const alarms = json.resource.aws_cloudwatch_metric_alarm;
    for (const [name, metric, suffix] of [["monitoring_errors", "Errors", "errors"], ["monitoring_throttles", "Throttles", "throttles"], ["monitoring_duration_p99", "Duration", "duration-p99"]]) {
      expect(alarms[name]).toMatchObject({ alarm_name: `${stem}-${suffix}`, namespace: "AWS/Lambda", metric_name: metric, dimensions: { FunctionName: stem, Resource: `${stem}:live` } });
    }
    expect(alarms.monitoring_duration_p99).toMatchObject({ extended_statistic: "p99", threshold: 3000 });
    expect(alarms.monitoring_errors).toMatchObject({ statistic: "Sum", threshold: 0, comparison_operator: "GreaterThanThreshold" });
  });

  test("each hook may report to this deployment group only and invoke this function only", () => {
    const documents = json.data.aws_iam_policy_document;
    const group = "arn:aws:codedeploy:us-east-1:${data.aws_caller_identity.account_caller.account_id}:deploymentgroup";
    for (const hook of ["hooks_pre_traffic", "hooks_post_traffic"]) {
      const statements = documents[`${hook}_access_document`].statement;
      const byId = Object.fromEntries(statements.map((s: any) => [s.sid, s]));
      expect(byId.ReportHookStatus.actions).toEqual(["codedeploy:GetDeployment", "codedeploy:PutLifecycleEventHookExecutionStatus"]);
      expect(byId.ReportHookStatus.resources).toEqual([`${group}:${stem}/${stem}`]);
      expect(byId.InvokeTarget).toMatchObject({ actions: ["lambda:InvokeFunction"] });
      expect(byId.InvokeTarget.resources.map((arn: string) => arn.replace(/^.*:function:/, ""))).toEqual([stem, `${stem}:*`]);
    }
  });

  test("its pipeline publishes and shifts with a CodeBuild step: Source, Approve (prod), Deploy", () => {
    const stages = json.resource.aws_codepipeline.pipeline_pipeline.stage;
    expect(stages.map((stage: any) => stage.name)).toEqual(["Source", "Approve", "Deploy"]);
    expect(stages[2].action[0]).toMatchObject({ provider: "CodeBuild", name: "TrafficShift", input_artifacts: ["revision"] });
    // Escaped for Terraform ($${ → ${ once it reads it): the script CodeBuild runs is the tested one (__tests__/lambda/release.test.ts).
    expect(json.resource.aws_codebuild_project.build_project.source.buildspec.replace(/\$\$\{/g, "${")).toBe(trafficShiftBuildspec());
    const variables = Object.fromEntries(json.resource.aws_codebuild_project.build_project.environment.environment_variable.map((v: any) => [v.name, v.value]));
    expect(variables).toMatchObject({ FUNCTION_NAME: "${aws_lambda_function.function_function.function_name}", ALIAS_NAME: "${aws_lambda_alias.alias.name}" });
  });

  test("exposes the outputs an operator needs, each with a description", () => {
    expect(Object.keys(json.output).sort()).toEqual(
      [
        "alias_arn",
        "artifact_bucket",
        "codedeploy_application_name",
        "deployment_config_name",
        "deployment_group_name",
        "deployments_console_url",
        "function_name",
        "notification_topic_arn",
        "pipeline_name",
        "release_command",
        "repository_clone_url",
        "url",
      ].sort(),
    );
    for (const output of Object.values<any>(json.output)) expect(output.description).toMatch(/\w+/);
  });
});
