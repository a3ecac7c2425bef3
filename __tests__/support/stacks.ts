import { readFileSync } from "fs";
import { join } from "path";
import { TerraformStack, Testing } from "cdktf";
import { EnvironmentConfig, resolveConfig } from "../../modules/config";
import { ReleasePosition, releaseChain } from "../../modules/delivery/promotion";
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

/** Full synth (validations included) of one environment stack into a temporary directory. */
export function synthEnvironmentStack(environment: EnvironmentConfig, release?: ReleasePosition): SynthesizedStack {
  const app = Testing.app();
  const stack = new EnvironmentStack(app, environment.names.stem, { environment, release });
  const outdir = Testing.fullSynth(stack);
  const stackDir = join(outdir, "stacks", environment.names.stem);
  const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
  return { stack, outdir, stackDir, json };
}

/** Full synth (validations included) of one Lambda environment's stack into a temporary directory. */
export function synthLambdaStack(environment: EnvironmentConfig): SynthesizedStack {
  const app = Testing.app();
  const stack = new LambdaStack(app, environment.names.stem, { environment });
  const outdir = Testing.fullSynth(stack);
  const stackDir = join(outdir, "stacks", environment.names.stem);
  const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
  return { stack, outdir, stackDir, json };
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
