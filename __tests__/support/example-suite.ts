import { readdirSync, readFileSync, rmSync } from "fs";
import { join } from "path";
import { Testing } from "cdktf";
import { EnvironmentConfig, resolveConfig } from "../../modules/config";
import { EcsStack } from "../../stacks/ecs-stack";
import { stackAnnotations, synthEnvironmentStack, SynthesizedStack } from "./stacks";
import { plannedChanges, prepareTerraformTestDir, runTerraformTest, TerraformTestResult } from "./terraform";

/** Where example contexts live: every `examples/*.json` is a cdktf context that must synthesize. */
export const EXAMPLES_DIR = join(__dirname, "..", "..", "examples");

export function exampleContexts(): Array<[string, Record<string, unknown>]> {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => [file, JSON.parse(readFileSync(join(EXAMPLES_DIR, file), "utf8"))]);
}

/** The scenario files every stack runs, plus the scaling ones for an environment with scaling. */
const HANDOVER_FILES = ["fleet-handover.tftest.hcl", "after-handover.tftest.hcl"];
const SCALING_FILE = "scaling-handover.tftest.hcl";

/**
 * The same environment with one scaling setting of each kind changed: the CPU target up by 10
 * and the first scheduled action's minSize up by 1 (capped by its maxSize). The scaling
 * scenarios plan this variant against the state after the handover.
 */
export function changedScaling(environment: EnvironmentConfig): EnvironmentConfig {
  const scaling = environment.scaling!;
  const [first, ...rest] = scaling.scheduledActions!;
  const minSize = Math.min((first.minSize ?? 0) + 1, first.maxSize ?? 100);
  return {
    ...environment,
    scaling: { ...scaling, cpuUtilizationPercent: Math.min(scaling.cpuUtilizationPercent! + 10, 100), scheduledActions: [{ ...first, minSize }, ...rest] },
  };
}

const copy = (stem: string) => `CodeDeploy_${stem}_d-A1B2C3D4E`;

/**
 * Whole-stack tests of every environment of one example context: full synth, the guardrails,
 * `terraform validate`, and the handover scenarios (with the scaling ones when it scales).
 */
export function describeExample(file: string, context: Record<string, unknown>): void {
  const all = resolveConfig(context).environments;
  const environments = all.filter((environment) => environment.platform === "ec2");
  // ECS environments: __tests__/stacks/ecs-stack.test.ts synthesizes, validates and runs the
  // handover scenarios of the ECS example; here they must synthesize and pass the guardrails.
  for (const environment of all.filter((e) => e.platform === "ecs")) {
    test(`examples/${file}: ${environment.names.stem} (ecs) synthesizes and passes every guardrail`, () => {
      const stack = new EcsStack(Testing.app(), environment.names.stem, { environment });
      const outdir = Testing.fullSynth(stack);
      try {
        expect(stackAnnotations(outdir, environment.names.stem).filter((a) => a.level !== "@cdktf/info")).toEqual([]);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    });
  }
  if (environments.length === 0) return;

  describe.each(environments.map((environment) => [environment.names.stem, environment] as const))(`examples/${file}: %s`, (stem, environment) => {
    const scales = environment.scaling !== undefined;
    const stacks: SynthesizedStack[] = [];
    let synthesized: SynthesizedStack;
    let scenarios: TerraformTestResult;
    let workspace: string;

    beforeAll(() => {
      synthesized = synthEnvironmentStack(environment);
      stacks.push(synthesized);
      const extras: Parameters<typeof prepareTerraformTestDir>[3] = {};
      if (scales) {
        if (environment.scaling!.cpuUtilizationPercent === undefined || !environment.scaling!.scheduledActions?.length) {
          throw new Error(`examples/${file}: ${SCALING_FILE} needs cpuUtilizationPercent and a scheduled action in ${stem}`);
        }
        const changed = changedScaling(environment);
        const variant = synthEnvironmentStack(changed);
        stacks.push(variant);
        Object.assign(extras, {
          modules: { changed: variant.stackDir },
          substitutions: {
            __FIRST_ACTION__: environment.scaling!.scheduledActions![0].name.replace(/-/g, "_"),
            __CHANGED_CPU__: String(changed.scaling!.cpuUtilizationPercent),
          },
        });
      }
      workspace = prepareTerraformTestDir(synthesized.stackDir, scales ? [...HANDOVER_FILES, SCALING_FILE] : HANDOVER_FILES, stem, extras);
      scenarios = runTerraformTest(workspace);
    });

    afterAll(() => {
      for (const dir of [workspace, ...stacks.map((s) => s.outdir)]) if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("is valid Terraform for hashicorp/aws 5.100.0", () => {
      expect(synthesized.outdir).toBeValidTerraform();
    });

    test("passes every guardrail (no violation)", () => {
      const findings = stackAnnotations(synthesized.outdir, stem).filter((a) => a.level !== "@cdktf/info");
      expect(findings).toEqual([]);
      expect(synthesized.json["//"].metadata.guardrails.violations).toBe(0);
    });

    test("passes every handover scenario", () => {
      const failed = scenarios.runs.filter((run) => run.status !== "pass").map((run) => `${run.file} ${run.run}: ${run.status}\n${run.diagnostics.join("\n")}`);
      expect(failed).toEqual([]);
      expect(scenarios.runs.filter((run) => run.file === SCALING_FILE)).toHaveLength(scales ? 9 : 0);
    });

    if (!scales) return;

    const scalingAddresses = () => {
      const json = synthesized.json.resource;
      return [
        ...Object.keys(json.aws_autoscaling_policy ?? {}).map((name) => `aws_autoscaling_policy.${name}`),
        ...Object.keys(json.aws_autoscaling_schedule ?? {}).map((name) => `aws_autoscaling_schedule.${name}`),
      ].sort();
    };
    const keyed = (group: string) => scalingAddresses().map((address) => `${address}["${group}"]`);

    test("scaling: the seed leaves the capacity scaling owns to it (desired; the bounds too with scheduled actions)", () => {
      const ignored = synthesized.json.resource.aws_autoscaling_group.fleet_seed.lifecycle.ignore_changes;
      expect(ignored).toEqual(environment.scaling!.scheduledActions?.length ? ["desired_capacity", "min_size", "max_size"] : ["desired_capacity"]);
    });

    test("scaling: a fresh account attaches every policy and scheduled action to the seed", () => {
      const state = scenarios.run(SCALING_FILE, "scaling_fresh_account").stateResources;
      expect(state.filter((a) => /^aws_autoscaling_(policy|schedule)\./.test(a)).sort()).toEqual(keyed(`${stem}-seed`));
    });

    test("scaling: after the handover every policy and scheduled action is on CodeDeploy's copy, and the seed is gone", () => {
      const state = scenarios.run(SCALING_FILE, "scaling_after_handover").stateResources;
      expect(state.filter((a) => /^aws_autoscaling_(policy|schedule|group)\./.test(a)).sort()).toEqual(keyed(copy(stem)));
    });

    test.each(["scaling_during_first_deployment", "scaling_rollback_of_first_deployment", "scaling_reapply_after_handover", "scaling_during_later_deployment", "scaling_rollback_of_later_deployment"])(
      "scaling: %s plans no change at all",
      (run) => {
        expect(plannedChanges(scenarios.run(SCALING_FILE, run))).toEqual([]);
      },
    );

    test("scaling: a changed CPU target and schedule after the handover update exactly those two on the copy", () => {
      const first = environment.scaling!.scheduledActions![0].name.replace(/-/g, "_");
      expect(plannedChanges(scenarios.run(SCALING_FILE, "scaling_change_after_handover"))).toEqual(
        [
          `aws_autoscaling_policy.scaling_cpu_utilization["${copy(stem)}"]: update`,
          `aws_autoscaling_schedule.scaling_scheduled_${first}["${copy(stem)}"]: update`,
        ].sort(),
      );
    });

    test("scaling: with every fleet deleted the seed comes back with every policy and action", () => {
      const changes = plannedChanges(scenarios.run(SCALING_FILE, "scaling_every_fleet_deleted"));
      expect(changes.filter((c) => c.endsWith(": create")).sort()).toEqual(
        [`aws_autoscaling_group.fleet_seed[0]: create`, ...keyed(`${stem}-seed`).map((a) => `${a}: create`)].sort(),
      );
      // The mock keeps the deleted copy's objects (AWS's refresh would drop them): their deletion
      // is all else the plan holds.
      expect(changes.filter((c) => !c.endsWith(": create")).sort()).toEqual(keyed(copy(stem)).map((a) => `${a}: delete`));
    });
  });
}
