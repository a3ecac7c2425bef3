import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ResourceNames } from "./naming";
import { configureStateBackend, StateSettings } from "./state-backend";

export interface EnvironmentBasics {
  readonly name: string;
  readonly region: string;
  readonly state: StateSettings;
  readonly names: ResourceNames;
}

/**
 * What every environment stack starts with, whatever its compute platform: the AWS provider of its
 * region tagging everything with the application, environment and stack, and its state backend.
 */
export function configureEnvironment(stack: TerraformStack, env: EnvironmentBasics): void {
  const { names } = env;
  new AwsProvider(stack, "aws", {
    region: env.region,
    defaultTags: [{ tags: { Application: names.appName, Environment: env.name, ManagedBy: "cdktf", Stack: names.stem } }],
  });
  configureStateBackend(stack, { settings: env.state, appName: names.appName, environment: env.name, region: env.region, workspaceName: names.stem });
}
