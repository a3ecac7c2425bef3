import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { EnvironmentConfig, resolveConfig } from "../../modules/config";
import { stackAnnotations, synthEnvironmentStack, SynthesizedStack, synthPlatformStack } from "./stacks";
import { plannedChanges, prepareTerraformTestDir, runTerraformTest, TerraformTestResult, validateTogether } from "./terraform";

/** Where example contexts live: every `examples/*.json` is a cdktf context that must synthesize. */
export const EXAMPLES_DIR = join(__dirname, "..", "..", "examples");

export function exampleContexts(): Array<[string, Record<string, unknown>]> {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => [file, JSON.parse(readFileSync(join(EXAMPLES_DIR, file), "utf8"))]);
}

/** The scenarios of an environment that scales (the handover itself is proven on the default stacks). */
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

// Only an EC2 fleet is handed over: an ECS or Lambda environment synthesizes, passes the guardrails
// and validates here; its plan-level scenarios are its stack's own (__tests__/stacks/ecs-stack.test.ts,
// lambda-stack.test.ts).

/** Module name of the deliberately invalid stack in the shared validation. */
const CONTROL = "control-invalid";

/** An environment of an example context, as the suite checks it. */
interface ExampleStack {
  readonly file: string;
  readonly environment: EnvironmentConfig;
  /** Module name in the shared validation: the example's file name and the stack's stem. */
  readonly key: string;
}

/**
 * Whole-stack tests of every environment of every example context: full synth, the guardrails,
 * `terraform validate` (all stacks in one Terraform process), and the scaling scenarios for an
 * environment that scales.
 */
export function describeExamples(examples: Array<[string, Record<string, unknown>]>): void {
  const stacks: ExampleStack[] = examples.flatMap(([file, context]) =>
    resolveConfig(context).environments.map((environment) => ({ file, environment, key: `${file.replace(/\.json$/, "").replace(/[^\w-]/g, "_")}-${environment.names.stem}` })),
  );
  const synthesized = new Map<string, SynthesizedStack>();
  let validation: Record<string, string[]>;

  let control: string;

  beforeAll(() => {
    for (const { environment, key } of stacks) synthesized.set(key, synthPlatformStack(environment));
    // A control in the same Terraform process: the first stack with an argument the provider does
    // not have. Its error proves the shared validation can fail, and is given to it alone.
    control = mkdtempSync(join(tmpdir(), "example-control-"));
    const first = [...synthesized.values()][0];
    cpSync(first.stackDir, control, { recursive: true });
    const json = JSON.parse(readFileSync(join(control, "cdk.tf.json"), "utf8"));
    // The first resource of the first stack, whatever its platform (a Lambda stack has no aws_lb).
    Object.values<any>(Object.values<any>(json.resource)[0])[0].no_such_argument = true;
    writeFileSync(join(control, "cdk.tf.json"), JSON.stringify(json));
    validation = validateTogether({ ...Object.fromEntries([...synthesized].map(([key, stack]) => [key, stack.stackDir])), [CONTROL]: control });
  });

  afterAll(() => {
    for (const dir of [control, ...[...synthesized.values()].map((stack) => stack.outdir)]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the shared terraform validate finds an invalid stack, and blames it alone", () => {
    expect(validation[CONTROL]).toEqual(['Extraneous JSON object property — No argument or block type is named "no_such_argument".']);
  });

  for (const example of stacks) describeExampleStack(example, () => synthesized.get(example.key)!, () => validation[example.key]);
}

function describeExampleStack({ file, environment, key }: ExampleStack, stack: () => SynthesizedStack, validationErrors: () => string[]): void {
  const stem = environment.names.stem;
  describe(`examples/${file}: ${stem}`, () => {
    const scales = environment.scaling !== undefined;
    let synthesized: SynthesizedStack;
    let scenarios: TerraformTestResult;
    let workspace: string | undefined;
    let variant: SynthesizedStack | undefined;

    beforeAll(() => {
      synthesized = stack();
      if (!scales) return;
      if (environment.scaling!.cpuUtilizationPercent === undefined || !environment.scaling!.scheduledActions?.length) {
        throw new Error(`examples/${file}: ${SCALING_FILE} needs cpuUtilizationPercent and a scheduled action in ${stem}`);
      }
      const changed = changedScaling(environment);
      variant = synthEnvironmentStack(changed);
      workspace = prepareTerraformTestDir(synthesized.stackDir, [SCALING_FILE], stem, {
        modules: { changed: variant.stackDir },
        substitutions: {
          __FIRST_ACTION__: environment.scaling!.scheduledActions![0].name.replace(/-/g, "_"),
          __CHANGED_CPU__: String(changed.scaling!.cpuUtilizationPercent),
        },
      });
      scenarios = runTerraformTest(workspace);
    });

    afterAll(() => {
      for (const dir of [workspace, variant?.outdir]) if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("is valid Terraform for hashicorp/aws 5.100.0 (terraform validate)", () => {
      expect({ key, errors: validationErrors() }).toEqual({ key, errors: [] });
    });

    test("passes every guardrail (no violation)", () => {
      const findings = stackAnnotations(synthesized.outdir, stem).filter((a) => a.level !== "@cdktf/info");
      expect(findings).toEqual([]);
      expect(synthesized.json["//"].metadata.guardrails.violations).toBe(0);
    });

    if (!scales) return;

    test("passes every scaling scenario", () => {
      const failed = scenarios.runs.filter((run) => run.status !== "pass").map((run) => `${run.file} ${run.run}: ${run.status}\n${run.diagnostics.join("\n")}`);
      expect(failed).toEqual([]);
      expect(scenarios.runs.filter((run) => run.file === SCALING_FILE)).toHaveLength(9);
    });

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

    test("scaling: with every fleet deleted the seed comes back with every policy and action, and the deployment group on it", () => {
      const changes = plannedChanges(scenarios.run(SCALING_FILE, "scaling_every_fleet_deleted"));
      expect(changes.filter((c) => c.endsWith(": create")).sort()).toEqual(
        [`aws_autoscaling_group.fleet_seed[0]: create`, ...keyed(`${stem}-seed`).map((a) => `${a}: create`)].sort(),
      );
      // The mock keeps the deleted copy's objects (AWS's refresh would drop them): their deletion,
      // and the deployment group re-created on the seed (after the seed-generation record), is
      // all else the plan holds.
      expect(changes.filter((c) => !c.endsWith(": create")).sort()).toEqual(
        [
          ...keyed(copy(stem)).map((a) => `${a}: delete`),
          "aws_codedeploy_deployment_group.deployment_group: delete,create",
          "aws_iam_role_policy.pipeline_access: update",
          "aws_ssm_parameter.fleet_seed_generation_record: update",
        ].sort(),
      );
    });
  });
}
