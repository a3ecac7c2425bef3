import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Guardrails, GuardrailsProps } from "../../modules/guardrails";
import { stackAnnotations } from "./stacks";

/** cdktf's fullSynth writes into os.tmpdir(); keep a suite's folders in one place and remove them. */
export function useTemporaryOutdirs(prefix: string): void {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const previousTmp = process.env.TMPDIR;
  beforeAll(() => (process.env.TMPDIR = tmp));
  afterAll(() => {
    process.env.TMPDIR = previousTmp;
    if (previousTmp === undefined) delete process.env.TMPDIR;
    rmSync(tmp, { recursive: true, force: true });
  });
}

export interface Outcome {
  /** Error lines as the failed synth printed them: `[<path>] <RULE-ID>: <what> — <fix>`. */
  readonly errors: string[];
  /** Rule IDs of the errors, sorted and unique. */
  readonly failedRules: string[];
  readonly infos: { path: string; message: string }[];
  readonly warnings: string[];
  /** `"//".metadata.guardrails` of the synthesized stack (undefined when the synth failed). */
  readonly report?: { rules: number; violations: number; warnings: number; suppressed: { rule: string; path: string; reason: string; suppressedAt: string }[] };
}

export function guardedStack(props: GuardrailsProps = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app({ stackTraces: false }), "stack");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  Guardrails.applyTo(stack, props);
  return stack;
}

/** Full synth (validations and annotation checks included), as `cdktf synth` runs it. */
export function synthGuarded(stack: TerraformStack): Outcome {
  let outdir: string;
  try {
    outdir = Testing.fullSynth(stack);
  } catch (error) {
    const message = (error as Error).message;
    if (!message.startsWith('Encountered Annotations with level "ERROR"')) throw error;
    const errors = message.split("\n").filter((line) => line.startsWith("["));
    const failedRules = [...new Set(errors.map((line) => /^\[[^\]]+\] ([A-Z0-9-]+): /.exec(line)?.[1] ?? `unparsed: ${line}`))].sort();
    return { errors, failedRules, infos: [], warnings: [] };
  }
  try {
    const annotations = stackAnnotations(outdir, "stack");
    const json = JSON.parse(readFileSync(join(outdir, "stacks", "stack", "cdk.tf.json"), "utf8"));
    return {
      errors: [],
      failedRules: [],
      infos: annotations.filter((a) => a.level === "@cdktf/info").map((a) => ({ path: a.constructPath, message: a.message })),
      warnings: annotations.filter((a) => a.level === "@cdktf/warn").map((a) => a.message),
      report: json["//"].metadata.guardrails,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
