import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GuardrailRule, Guardrails } from "../guardrails";
import { AwsContext } from "./aws-context";
import { ResourceNames } from "./naming";
import { configureStateBackend, StateSettings } from "./state-backend";

export interface EnvironmentBasics {
  readonly name: string;
  readonly region: string;
  readonly state: StateSettings;
  readonly names: ResourceNames;
  /** Which defaults applied: `prod` turns on the guardrails' production rules. */
  readonly profile: string;
}

/**
 * What every environment stack starts with, whatever its compute platform: the AWS provider of its
 * region tagging everything with the application, environment and stack, its state backend, the
 * guardrails (the common rules and the platform's own, e.g. the ECS pack), and the account context
 * (construct `account`) the stack's resources build ARNs from.
 * @param platformRules rules only this platform's stacks run @default none
 */
export function configureEnvironment(stack: TerraformStack, env: EnvironmentBasics, platformRules: readonly GuardrailRule[] = []): AwsContext {
  const { names } = env;
  new AwsProvider(stack, "aws", {
    region: env.region,
    defaultTags: [{ tags: { Application: names.appName, Environment: env.name, ManagedBy: "cdktf", Stack: names.stem } }],
  });
  configureStateBackend(stack, { settings: env.state, appName: names.appName, environment: env.name, region: env.region, workspaceName: names.stem });
  Guardrails.applyTo(stack, { production: env.profile === "prod", ...(platformRules.length > 0 ? { platformRules } : {}) });
  return new AwsContext(stack, "account", { region: env.region });
}
