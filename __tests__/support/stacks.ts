import { readFileSync } from "fs";
import { join } from "path";
import { TerraformStack, Testing } from "cdktf";
import { EnvironmentConfig, resolveConfig } from "../../modules/config";
import { ReleasePosition, releaseChain } from "../../modules/delivery/promotion";
import { EcsStack } from "../../stacks/ecs-stack";
import { EnvironmentStack } from "../../stacks/environment-stack";
import { LambdaStack } from "../../stacks/lambda-stack";

/** The configuration of one environment as the app would resolve it from a context. */
export function environmentConfig(name: string, overrides: Record<string, unknown> = {}, appName?: string): EnvironmentConfig {
  const context: Record<string, unknown> = { environments: { [name]: overrides } };
  if (appName !== undefined) context.appName = appName;
  return resolveConfig(context).environments[0];
}

export interface SynthesizedStack {
  readonly stack: TerraformStack;
  /** Output directory of the full synth (holds manifest.json). */
  readonly outdir: string;
  /** Directory of this stack's cdk.tf.json. */
  readonly stackDir: string;
  readonly json: Record<string, any>;
}

/** Where a default environment (dev, staging, prod) stands in the default release order. */
export function defaultReleasePosition(name: string): ReleasePosition {
  const environments = resolveConfig({}).environments;
  return releaseChain(environments)[environments.findIndex((environment) => environment.name === name)];
}

/** Full synth (validations included) of `stack`, named by its environment's stem, into a temporary directory. */
function fullSynth(stack: TerraformStack, stem: string): SynthesizedStack {
  const outdir = Testing.fullSynth(stack);
  const stackDir = join(outdir, "stacks", stem);
  return { stack, outdir, stackDir, json: JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) };
}

/** Full synth of one EC2 environment's stack. */
export function synthEnvironmentStack(environment: EnvironmentConfig, release?: ReleasePosition): SynthesizedStack {
  return fullSynth(new EnvironmentStack(Testing.app(), environment.names.stem, { environment, release }), environment.names.stem);
}

/** Full synth of one Lambda environment's stack. */
export function synthLambdaStack(environment: EnvironmentConfig): SynthesizedStack {
  return fullSynth(new LambdaStack(Testing.app(), environment.names.stem, { environment }), environment.names.stem);
}

/** Full synth of the stack an environment's platform gets (main.ts's choice). */
export function synthPlatformStack(environment: EnvironmentConfig): SynthesizedStack {
  if (environment.platform === "lambda") return synthLambdaStack(environment);
  if (environment.platform === "ecs") return fullSynth(new EcsStack(Testing.app(), environment.names.stem, { environment }), environment.names.stem);
  return synthEnvironmentStack(environment);
}

/** An annotation of a fully synthesized stack, as manifest.json records it (what `cdktf synth` prints). */
export interface StackAnnotation {
  readonly level: string;
  readonly constructPath: string;
  readonly message: string;
}

export function stackAnnotations(outdir: string, stackName: string): StackAnnotation[] {
  return JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks[stackName].annotations;
}
