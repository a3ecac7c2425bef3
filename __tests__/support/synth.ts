import { Construct } from "constructs";
import { Testing } from "cdktf";
import { AwsContext } from "../../modules/shared/aws-context";

export interface ModuleSynth {
  /** The synthesized JSON as the cdktf matchers take it. */
  readonly raw: string;
  readonly json: Record<string, any>;
  /** All resources of a Terraform type, by logical ID. */
  resources(type: string): Record<string, any>;
  /** The single resource of a type (fails when there is not exactly one). */
  resource(type: string): any;
  dataSources(type: string): Record<string, any>;
}

/** Synthesizes what `build` adds to a scope (with an AwsContext for us-east-1 at hand). */
export function synthModule(build: (scope: Construct, aws: AwsContext) => void): ModuleSynth {
  const raw = Testing.synthScope((scope) => build(scope, new AwsContext(scope, "account", { region: "us-east-1" })));
  const json = JSON.parse(raw);
  const resources = (type: string) => json.resource?.[type] ?? {};
  return {
    raw,
    json,
    resources,
    resource(type: string) {
      const all = Object.values(resources(type));
      if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
      return all[0];
    },
    dataSources: (type: string) => json.data?.[type] ?? {},
  };
}

/** Statements of the policy document data source whose logical ID contains `fragment`. */
export function policyStatements(synth: ModuleSynth, fragment: string): any[] {
  const documents = Object.entries(synth.dataSources("aws_iam_policy_document")).filter(([id]) => id.includes(fragment));
  if (documents.length !== 1) throw new Error(`expected one policy document matching "${fragment}", found ${documents.length}`);
  return (documents[0][1] as any).statement;
}
