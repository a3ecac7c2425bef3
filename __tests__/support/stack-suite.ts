import { rmSync } from "fs";
import { GUARDRAIL_RULES } from "../../modules/guardrails";
import { EnvironmentConfig } from "../../modules/config";
import { defaultReleasePosition, environmentConfig, stackAnnotations, synthEnvironmentStack, SynthesizedStack } from "./stacks";
import { detailedExitCode, plannedChanges, prepareTerraformTestDir, runTerraformTest, TerraformTestResult, TestFile } from "./terraform";

/**
 * Every stack applies its whole estate to a fresh account (mocked), with the estate's checks and
 * its teardown; one `terraform test` invocation per stack runs all of a stack's scenarios.
 */
const ESTATE: TestFile = { file: "fleet-handover.tftest.hcl", runs: ["fresh_account_apply"] };
/**
 * The capacity bounds after the handover depend on a stack's own minSize/maxSize/desiredCapacity:
 * every stack runs them. The apply from the state after the handover (the copy has the stack's
 * bounds; every later run plans against that state), a maxSize change in the configuration, which
 * reaches CodeDeploy's copy through the serving-bounds invocation alone while the copy's old
 * bounds fail the bounds check (expect_failures), and a re-apply after a new copy, a no-op, in which
 * the check passes with the stack's bounds. bounds_changed_after_handover (the copy's bounds changed
 * outside Terraform) proves nothing more here: the check failing on a copy that differs, and
 * nothing planned but the invocation, are what bounds_configured_after_handover shows.
 */
const BOUNDS_AFTER_HANDOVER: TestFile = {
  file: "after-handover.tftest.hcl",
  runs: ["state_after_first_deployment", "bounds_configured_after_handover", "reapply_after_new_copy"],
};
/**
 * The rest of the handover and the plan-time preconditions do not depend on an environment's
 * settings: one stack runs them. Each run block costs ~0.55 CPU-s of Terraform, so repeating
 * them per stack would cost the suite's time budget and prove nothing more; the example contexts
 * run the scenarios of the settings they add (scaling).
 */
const SETTINGS_INDEPENDENT_FILES: TestFile[] = ["fleet-handover.tftest.hcl", "after-handover.tftest.hcl", "preconditions.tftest.hcl"];

const SEED_PROTECTED =
  "error: Instance cannot be destroyed — Resource aws_autoscaling_group.fleet_seed[0] has lifecycle.prevent_destroy set";

/**
 * Placeholders of the scenario files: the bounds CodeDeploy's copy took from the seed
 * (`__MIN_SIZE__`, `__MAX_SIZE__`) and the bounds check, absent when scheduled actions own the
 * bounds (`__BOUNDS_CHECK__`).
 */
const boundsSubstitutions = (environment: EnvironmentConfig) => ({
  __MIN_SIZE__: String(environment.minSize),
  __MAX_SIZE__: String(environment.maxSize),
  __CHANGED_MAX_SIZE__: String(changedBounds(environment).maxSize),
  __BOUNDS_CHECK__: environment.scaling?.scheduledActions?.length ? "" : "check.fleet_serving_bounds",
});

/** The same environment with maxSize up by one: after-handover.tftest.hcl plans it (module ./bounds-changed) after the handover. */
const changedBounds = (environment: EnvironmentConfig): EnvironmentConfig => ({ ...environment, maxSize: environment.maxSize + 1 });

const count = (json: Record<string, any>, section: "resource" | "data") =>
  Object.values(json[section] ?? {}).reduce((sum: number, byName: any) => sum + Object.keys(byName).length, 0);

/**
 * Whole-stack tests of one default environment: full synth, `terraform validate` against the
 * real provider, and every plan-level scenario against the mocked provider.
 * @param runSettingsIndependentScenarios also run the scenarios that are the same for every stack
 */
export function describeEnvironmentStack(name: string, { runSettingsIndependentScenarios = false } = {}): void {
  const environment: EnvironmentConfig = environmentConfig(name);
  const stem = environment.names.stem;
  let synthesized: SynthesizedStack;
  let scenarios: TerraformTestResult;
  let workspace: string;
  let boundsChanged: SynthesizedStack;

  const files = runSettingsIndependentScenarios ? SETTINGS_INDEPENDENT_FILES : [ESTATE, BOUNDS_AFTER_HANDOVER];

  beforeAll(() => {
    synthesized = synthEnvironmentStack(environment, defaultReleasePosition(name));
    boundsChanged = synthEnvironmentStack(changedBounds(environment), defaultReleasePosition(name));
    workspace = prepareTerraformTestDir(synthesized.stackDir, files, stem, {
      substitutions: boundsSubstitutions(environment),
      modules: { "bounds-changed": boundsChanged.stackDir },
    });
    scenarios = runTerraformTest(workspace);
  });

  afterAll(() => {
    for (const dir of [workspace, synthesized?.outdir, boundsChanged?.outdir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe(`${stem} stack`, () => {
    test("is valid Terraform for hashicorp/aws 5.100.0", () => {
      expect(synthesized.outdir).toBeValidTerraform();
    });

    test("passes every plan-level scenario (estate checks, AZ checks, fleet handover)", () => {
      const failed = scenarios.runs.filter((run) => run.status !== "pass").map((run) => `${run.file} ${run.run}: ${run.status}\n${run.diagnostics.join("\n")}`);
      expect(failed).toEqual([]);
      expect(scenarios.runs.map((run) => `${run.file} ${run.run}`).sort()).toEqual(
        [
          "fleet-handover.tftest.hcl fresh_account_apply",
          "after-handover.tftest.hcl bounds_configured_after_handover",
          "after-handover.tftest.hcl reapply_after_new_copy",
          "after-handover.tftest.hcl state_after_first_deployment",
          ...(runSettingsIndependentScenarios
            ? [
                "fleet-handover.tftest.hcl after_rolled_back_first_deployment",
                "fleet-handover.tftest.hcl during_first_deployment",
                "fleet-handover.tftest.hcl new_ami_before_handover",
                "after-handover.tftest.hcl bounds_changed_after_handover",
                "after-handover.tftest.hcl during_second_deployment",
                "after-handover.tftest.hcl every_fleet_deleted",
                "after-handover.tftest.hcl group_recreated_while_two_copies_exist",
                "after-handover.tftest.hcl group_recreated_while_two_unattached_copies_exist",
                "after-handover.tftest.hcl new_ami_after_handover",
                "after-handover.tftest.hcl reapply_after_deployment",
                "preconditions.tftest.hcl an_instance_type_the_region_does_not_offer_fails_the_plan",
                "preconditions.tftest.hcl fewer_than_two_subnets_fail_the_plan",
                "preconditions.tftest.hcl subnets_in_one_zone_fail_the_plan",
              ]
            : []),
        ].sort(),
      );
    });

    test(`terraform test's teardown ${environment.deletionProtection ? "is refused by prevent_destroy on the seed, and only there" : "destroys the estate cleanly"}`, () => {
      const errors = scenarios.runs.flatMap((run) => run.diagnostics).filter((d) => d.startsWith("error:"));
      if (environment.deletionProtection) {
        expect(errors.map((e) => e.slice(0, SEED_PROTECTED.length))).toEqual([SEED_PROTECTED]);
        expect(scenarios.exitCode).toBe(1);
      } else {
        expect(errors).toEqual([]);
        expect(scenarios.exitCode).toBe(0);
      }
    });

    test("passes every guardrail: no violation, and only the two reasoned suppressions of the defaults", () => {
      const annotations = stackAnnotations(synthesized.outdir, stem);
      expect(annotations.filter((a) => a.level !== "@cdktf/info")).toEqual([]);
      expect(annotations.map((a) => `${a.constructPath} ${a.message.split(":")[0]}`).sort()).toEqual([
        `${stem}/fleet/template EC2-NO-PUBLIC-IP suppressed`,
        `${stem}/load_balancer/http ALB-HTTP-REDIRECT suppressed`,
      ]);
      const report = synthesized.json["//"].metadata.guardrails;
      expect(report).toMatchObject({ rules: GUARDRAIL_RULES.length, violations: 0 });
      expect(report.checkedElements).toBe(count(synthesized.json, "resource") + count(synthesized.json, "data"));
      expect(report.suppressed.map((s: any) => [s.rule, s.suppressedAt])).toEqual([
        ["EC2-NO-PUBLIC-IP", `${stem}/fleet`],
        ["ALB-HTTP-REDIRECT", `${stem}/load_balancer`],
      ]);
    });

    test("the load balancer refuses subnets in fewer than two Availability Zones", () => {
      expect(synthesized.json.resource.aws_lb.load_balancer_alb.lifecycle.precondition[0].condition).toMatch(
        /^\$\{\(length\(distinct\(\[ for key, val in data\.aws_subnet\.network_subnet_details: val\.availability_zone\]\)\) >= 2\)\}$/,
      );
    });

    test("carries its part of the release: dev builds and promotes, staging deploys and promotes, prod approves and deploys", () => {
      const stages = synthesized.json.resource.aws_codepipeline.pipeline_pipeline.stage.map((stage: any) => stage.name);
      expect(stages).toEqual(
        { dev: ["Source", "Build", "Deploy", "Promote"], staging: ["Source", "Deploy", "Promote"], prod: ["Source", "Approve", "Deploy"] }[name],
      );
      expect(Object.keys(synthesized.json.resource.aws_codebuild_project ?? {})).toEqual(name === "dev" ? ["build_project"] : []);
      expect(Object.keys(synthesized.json.resource.aws_s3_object)).toEqual(["revision_object"]);
    });

    test("a fresh account gets the whole estate, with exactly one fleet", () => {
      const fresh = scenarios.run("fleet-handover.tftest.hcl", "fresh_account_apply").stateResources;
      expect(fresh).toHaveLength(count(synthesized.json, "resource"));
      expect(fresh.filter((address) => address.startsWith("aws_autoscaling_group."))).toEqual(["aws_autoscaling_group.fleet_seed[0]"]);
    });

    // The capacity bounds after the handover, on every stack (BOUNDS_AFTER_HANDOVER).
    test.each([
      ["after-handover.tftest.hcl", "reapply_after_new_copy"],
      ...(runSettingsIndependentScenarios
        ? [
            ["fleet-handover.tftest.hcl", "during_first_deployment"],
            ["fleet-handover.tftest.hcl", "after_rolled_back_first_deployment"],
            ["after-handover.tftest.hcl", "reapply_after_deployment"],
            ["after-handover.tftest.hcl", "during_second_deployment"],
          ]
        : []),
    ])("handover: %s %s plans no change at all (no resource, no output: -detailed-exitcode 0)", (file, run) => {
      const planned = scenarios.run(file, run);
      expect(plannedChanges(planned)).toEqual([]);
      expect(planned.outputChanges.filter((change) => !change.endsWith(": no-op"))).toEqual([]);
      expect(detailedExitCode(planned)).toBe(0);
    });

    test("handover: the bounds check names the stack's bounds and the command, and warns in no run whose copy has them", () => {
      // Runs whose copy differs expect the check to fail (expect_failures); every other run's copy has the stack's bounds.
      expect(synthesized.json.check.fleet_serving_bounds.assert[0].error_message).toBe(
        `CodeDeploy's copy that serves does not have the configured bounds minSize ${environment.minSize}, maxSize ${environment.maxSize} (Terraform does not own it). ` +
          "If this plan changes the serving-bounds invocation's input, the apply sets them; " +
          `otherwise they were changed outside Terraform: run \`npm run synth && npm run fleet:capacity -- ${stem}\` to apply them.`,
      );
      const warned = scenarios.runs.filter((run) => run.diagnostics.some((d) => d.includes("fleet:capacity"))).map((run) => run.run);
      expect(warned).toEqual([]);
    });

    test("handover: bounds changed in the configuration reach CodeDeploy's copy through the serving-bounds invocation, and through nothing else", () => {
      const planned = scenarios.run("after-handover.tftest.hcl", "bounds_configured_after_handover");
      expect(plannedChanges(planned)).toEqual(["aws_lambda_invocation.serving_bounds_invocation: update"]);
      const invocation = planned.changes.find((c) => c.type === "aws_lambda_invocation");
      expect(JSON.parse(String(invocation?.before?.input))).toEqual({
        applicationName: stem,
        deploymentGroupName: stem,
        seedGroupName: `${stem}-seed`,
        copyPrefix: `CodeDeploy_${stem}_d-`,
        minSize: environment.minSize,
        maxSize: environment.maxSize,
        desiredCapacity: environment.desiredCapacity,
      });
      expect(JSON.parse(String(invocation?.after?.input))).toEqual({ ...JSON.parse(String(invocation?.before?.input)), maxSize: environment.maxSize + 1 });
    });

    // The rest of the handover, on the stack that runs its scenarios.
    if (runSettingsIndependentScenarios) {
      test.each([
        ["group_recreated_while_two_copies_exist", "CodeDeploy___STEM___d-A1111111A"],
        ["group_recreated_while_two_unattached_copies_exist", "CodeDeploy___STEM___d-B2222222B"],
      ])("handover edge: the deployment group (re-)created while two copies exist names exactly one, the serving one (%s)", (run, expected) => {
        const replaced = scenarios.run("after-handover.tftest.hcl", run);
        const group = replaced.changes.find((c) => c.type === "aws_codedeploy_deployment_group");
        expect(group?.actions).toEqual(["delete", "create"]);
        expect(group?.after?.autoscaling_groups).toEqual([expected.replace("__STEM__", stem)]);
      });

      test("handover edge: with every fleet deleted the seed comes back and the deployment group is re-created on it", () => {
        const healed = scenarios.run("after-handover.tftest.hcl", "every_fleet_deleted");
        // The pipeline's policy names the group's ARN, unknown until the group is created again.
        expect(plannedChanges(healed)).toEqual([
          "aws_autoscaling_group.fleet_seed[0]: create",
          "aws_codedeploy_deployment_group.deployment_group: delete,create",
          "aws_iam_role_policy.pipeline_access: update",
          "aws_ssm_parameter.fleet_seed_generation_record: update",
        ]);
        const group = healed.changes.find((c) => c.type === "aws_codedeploy_deployment_group");
        expect(group?.before?.autoscaling_groups).toEqual([`CodeDeploy_${stem}_d-A1B2C3D4E`]);
        expect(group?.after?.autoscaling_groups).toEqual([`${stem}-seed`]);
      });

      test("handover: bounds changed outside Terraform change nothing (the plan's check fails: expect_failures)", () => {
        expect(plannedChanges(scenarios.run("after-handover.tftest.hcl", "bounds_changed_after_handover"))).toEqual([]);
      });

      test("handover: the deployment group's fleet reference is never planned to change", () => {
        const updates = scenarios.runs.flatMap((run) => run.changes).filter((c) => c.type === "aws_codedeploy_deployment_group" && !c.actions.includes("create"));
        expect(updates.length).toBeGreaterThan(0);
        for (const change of updates) expect(change.after?.autoscaling_groups).toEqual(change.before?.autoscaling_groups);
      });

      test.each([
        ["fleet-handover.tftest.hcl", "new_ami_before_handover"],
        ["after-handover.tftest.hcl", "new_ami_after_handover"],
      ])("handover: %s %s updates the launch template in place and nothing else", (file, run) => {
        expect(plannedChanges(scenarios.run(file, run))).toEqual(["aws_launch_template.fleet_template: update"]);
      });
    }

    test("exposes the outputs an operator needs, each with a description", () => {
      const outputs = synthesized.json.output;
      expect(Object.keys(outputs).sort()).toEqual([
        "artifact_bucket",
        "codedeploy_application_name",
        "deploy_command",
        "dashboard_url",
        "deployment_group_name",
        "deployments_console_url",
        "fleet_groups_command",
        "infrastructure_rollout_command",
        "initial_revision",
        "load_balancer_dns_name",
        "notification_topic_arn",
        "pipeline_console_url",
        "pipeline_name",
        name === "dev" ? "repository_clone_url" : "release_source",
        "url",
      ].sort());
      for (const output of Object.values<any>(outputs)) expect(output.description).toMatch(/\w+/);
      expect(outputs.deploy_command.value).toBe(
        `aws deploy create-deployment --region ${environment.region} --application-name ${stem} ` +
          "--deployment-group-name " + stem + " --s3-location bucket=${aws_s3_bucket.artifacts_bucket.bucket},key=revisions/initial.zip,bundleType=zip",
      );
      const group = `--region ${environment.region} --application-name ${stem} --deployment-group-name ${stem}`;
      expect(outputs.infrastructure_rollout_command.value).toBe(
        `aws deploy create-deployment ${group} --description "Infrastructure rollout: the last successful revision on the current launch template" ` +
          `--revision "$(aws deploy get-deployment --region ${environment.region} --query deploymentInfo.revision --output json --deployment-id ` +
          `"$(aws deploy get-deployment-group ${group} --query deploymentGroupInfo.lastSuccessfulDeployment.deploymentId --output text)")"`,
      );
    });
  });
}
