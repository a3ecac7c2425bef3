import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Guardrails } from "../guardrails";
import { AwsContext } from "./aws-context";
import { ResourceNames } from "./naming";
import { configureStateBackend, StateSettings } from "./state-backend";

export interface StackFoundationProps {
  readonly names: ResourceNames;
  /** The environment's name (tags, state key). */
  readonly environment: string;
  readonly region: string;
  readonly state: StateSettings;
  /** The production rules of the guardrails apply (the prod profile). */
  readonly production: boolean;
}

/**
 * What every environment stack starts with, whatever its compute platform: the AWS provider
 * (region, default tags), the state backend, the guardrails, and the account context (`account`).
 */
export function stackFoundation(stack: TerraformStack, props: StackFoundationProps): AwsContext {
  const { names } = props;
  new AwsProvider(stack, "aws", {
    region: props.region,
    defaultTags: [{ tags: { Application: names.appName, Environment: props.environment, ManagedBy: "cdktf", Stack: names.stem } }],
  });
  configureStateBackend(stack, {
    settings: props.state,
    appName: names.appName,
    environment: props.environment,
    region: props.region,
    workspaceName: names.stem,
  });
  Guardrails.applyTo(stack, { production: props.production });
  return new AwsContext(stack, "account", { region: props.region });
}
