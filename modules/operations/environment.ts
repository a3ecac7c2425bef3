import { EnvironmentConfig, resolveConfig } from "../config";
import { closest } from "../shared/suggest";

/**
 * Finds the environment a stack name (`<appName>-<env>`, as in `npx cdktf deploy <stack>`) stands
 * for in the project's configuration, so the commands use the region and the resource names the
 * stack was synthesized with (ResourceNames), never names typed again.
 * @throws ConfigError when the configuration is invalid; UsageError for an unknown stack
 */
export function findEnvironment(context: Record<string, unknown>, stack: string): EnvironmentConfig {
  const { environments } = resolveConfig(context);
  const environment = environments.find((env) => env.names.stem === stack);
  if (environment) return environment;
  const stacks = environments.map((env) => env.names.stem);
  const guess = closest(stack, stacks);
  throw new UsageError(
    `unknown stack "${stack}"${guess ? `; did you mean "${guess}"?` : ""} (stacks of this configuration: ${stacks.join(", ")})`,
  );
}

/**
 * `findEnvironment` for the commands that drive EC2 blue/green deployments (they read fleets,
 * target groups and S3 revisions; a Lambda deployment has none).
 * @throws UsageError for a stack of another compute platform
 */
export function findServerEnvironment(context: Record<string, unknown>, stack: string): EnvironmentConfig {
  const environment = findEnvironment(context, stack);
  if (environment.platform === "ec2") return environment;
  // The stack output that starts a release by hand: stacks/lambda-stack.ts, stacks/ecs-stack.ts.
  const releaseOutput = environment.platform === "ecs" ? "deploy_command" : "release_command";
  throw new UsageError(
    `${stack} is ${/^[aeiou]/.test(environment.platform) ? "an" : "a"} ${environment.platform} environment; these commands drive EC2 blue/green deployments. ` +
      `Release it with its pipeline (or the ${releaseOutput} output) and follow the deployment in the console (deployments_console_url)`,
  );
}

/** A mistake in the command line or its arguments: nothing was sent to AWS. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
