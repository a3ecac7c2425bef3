import { DEFAULT_ENVIRONMENTS } from "../modules/config";
import { environmentConfig, synthEnvironmentStack } from "./support/stacks";
import { prepareTerraformTestDir, runTerraformTest, TerraformTestResult, TestRunResult } from "./support/terraform";

/** Planned changes that are not no-ops, as `address: actions`. */
const changed = (run: TestRunResult) =>
  run.changes.filter((c) => !(c.actions.length === 1 && c.actions[0] === "no-op")).map((c) => `${c.address}: ${c.actions.join(",")}`);

const SEED_PROTECTED =
  "error: Instance cannot be destroyed — Resource aws_autoscaling_group.fleet_seed[0] has lifecycle.prevent_destroy set";

describe.each([...DEFAULT_ENVIRONMENTS])("fleet handover scenarios, %s stack", (name) => {
  let result: TerraformTestResult;
  const environment = environmentConfig(name);
  const stem = environment.names.stem;

  beforeAll(() => {
    const { stackDir } = synthEnvironmentStack(environment);
    result = runTerraformTest(prepareTerraformTestDir(stackDir, ["fleet-handover.tftest.hcl", "after-handover.tftest.hcl"], stem));
  });

  test("every scenario run passes its assertions", () => {
    const failures = result.runs.filter((run) => run.status !== "pass").map((run) => `${run.file} ${run.run}: ${run.status}\n${run.diagnostics.join("\n")}`);
    expect(failures).toEqual([]);
    expect(result.runs).toHaveLength(8);
  });

  test(`terraform test's final teardown ${environment.deletionProtection ? "is refused by prevent_destroy on the seed" : "destroys the estate"}`, () => {
    const errors = result.runs.flatMap((run) => run.diagnostics).filter((d) => d.startsWith("error:"));
    if (environment.deletionProtection) {
      expect(errors.map((e) => e.slice(0, SEED_PROTECTED.length))).toEqual([SEED_PROTECTED]);
      expect(result.exitCode).toBe(1);
    } else {
      expect(errors).toEqual([]);
      expect(result.exitCode).toBe(0);
    }
  });

  test.each([
    ["fleet-handover.tftest.hcl", "during_first_deployment"],
    ["fleet-handover.tftest.hcl", "after_rolled_back_first_deployment"],
    ["after-handover.tftest.hcl", "reapply_after_deployment"],
    ["after-handover.tftest.hcl", "during_second_deployment"],
  ])("%s %s: the re-apply plans no change at all", (file, run) => {
    expect(changed(result.run(file, run))).toEqual([]);
  });

  test("the deployment group's fleet reference is never planned to change", () => {
    for (const run of result.runs) {
      for (const change of run.changes.filter((c) => c.type === "aws_codedeploy_deployment_group" && c.actions.includes("update"))) {
        expect(change.after?.autoscaling_groups).toEqual(change.before?.autoscaling_groups);
      }
    }
  });

  test.each([
    ["fleet-handover.tftest.hcl", "new_ami_before_handover"],
    ["after-handover.tftest.hcl", "new_ami_after_handover"],
  ])("%s %s: a new AMI updates the launch template in place and nothing else", (file, run) => {
    expect(changed(result.run(file, run))).toEqual(["aws_launch_template.fleet_template: update"]);
  });
});
