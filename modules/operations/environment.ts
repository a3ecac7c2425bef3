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

/** A mistake in the command line or its arguments: nothing was sent to AWS. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
