import { App } from "cdktf";
import { ConfigError, ProjectConfig, resolveConfig } from "./modules/config";
import { readAppContext } from "./modules/config/context-file";
import { releaseChain } from "./modules/delivery/promotion";
import { EcsStack } from "./stacks/ecs-stack";
import { EnvironmentStack } from "./stacks/environment-stack";
import { LambdaStack } from "./stacks/lambda-stack";
import { StateBucketStack } from "./stacks/state-bucket-stack";

let context: Record<string, unknown>;
let fromEnvironment: boolean;
let config: ProjectConfig;
try {
  // `cdktf synth` hands the app cdktf.json's context in CDKTF_CONTEXT_JSON; run directly
  // (`node scripts/app.js`), the app reads cdktf.json itself so both paths see the same overrides.
  ({ context, fromEnvironment } = readAppContext());
  // Validated before the App exists: constructing it already creates the output directory.
  config = resolveConfig(context);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const app = new App(fromEnvironment ? {} : { context });
// Build once, promote: the first EC2 environment builds, each promotes to the next in the configured
// order. ECS and Lambda environments are releases of their own (they release images or function
// versions, not revision bundles).
const ec2Environments = config.environments.filter((environment) => environment.platform === "ec2");
const release = releaseChain(ec2Environments);
for (const environment of config.environments) {
  if (environment.platform === "ecs") new EcsStack(app, environment.names.stem, { environment });
  else if (environment.platform === "lambda") new LambdaStack(app, environment.names.stem, { environment });
  else new EnvironmentStack(app, environment.names.stem, { environment, release: release[ec2Environments.indexOf(environment)] });
}
// The S3 state buckets the environments name, each created once by its own small stack.
const stateBuckets = new Map<string, string>();
for (const { state, region } of config.environments) {
  if (state.backend === "s3" && !stateBuckets.has(state.bucket)) stateBuckets.set(state.bucket, state.region ?? region);
}
[...stateBuckets].forEach(([bucketName, region], index) => {
  const id = `${config.appName}-state${stateBuckets.size > 1 ? `-${index + 1}` : ""}`;
  new StateBucketStack(app, id, { appName: config.appName, bucketName, region });
});
try {
  app.synth();
} catch (error) {
  // Guardrail violations are error annotations: print them as one list, without a stack trace.
  if (error instanceof Error && error.message.startsWith('Encountered Annotations with level "ERROR"')) {
    console.error(error.message.replace(/\n+Either fix the issues above[\s\S]*$/, "").trimEnd());
    process.exit(1);
  }
  throw error;
}
