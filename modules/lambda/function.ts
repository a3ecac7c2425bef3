import { createHash } from "crypto";
import { readFileSync } from "fs";
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { packageRevision } from "../delivery/revision";
import { AwsContext } from "../shared/aws-context";
import { serviceRole } from "../shared/iam";
import { LOG_RETENTION_DAYS } from "../shared/logs";
import {
  LAMBDA_ARCHITECTURES,
  DEFAULT_LAMBDA_RUNTIME,
  LAMBDA_RUNTIMES,
  LambdaArchitecture,
  LambdaRuntime,
  MAX_RESERVED_CONCURRENCY,
  MEMORY_MIB,
  TIMEOUT_SECONDS,
} from "./limits";

export interface NodeFunctionProps {
  readonly aws: AwsContext;
  readonly functionName: string;
  readonly description: string;
  /** Folder of the code, zipped reproducibly at synth time (modules/lambda/functions/<name>). */
  readonly codeDirectory: string;
  /** `<file>.<export>`, e.g. `index.handler`. */
  readonly handler: string;
  readonly roleName: string;
  /** What the function's own code may do, beyond writing its logs (and traces). @default nothing */
  readonly statements?: DataAwsIamPolicyDocumentStatement[];
  /** @default DEFAULT_LAMBDA_RUNTIME ("nodejs22.x": limits.ts says why not nodejs20.x) */
  readonly runtime?: LambdaRuntime;
  /** @default "arm64" */
  readonly architecture?: LambdaArchitecture;
  /** MiB, 128–10240 (CreateFunction MemorySize). @default 128 */
  readonly memorySize?: number;
  /** Seconds, 1–900 (CreateFunction Timeout). @default 3 (Lambda's default) */
  readonly timeout?: number;
  /** 1–900 executions reserved; 0 (which stops every invocation) is refused. @default none */
  readonly reservedConcurrency?: number;
  /** @default none */
  readonly environment?: Record<string, string>;
  /** X-Ray active tracing. @default false */
  readonly tracing?: boolean;
  /** Publish a version on every code or configuration change (the versions CodeDeploy shifts between). @default false */
  readonly publish?: boolean;
  /** Days the log group keeps events. @default 30 */
  readonly logRetentionDays?: number;
}

/**
 * A Node.js function with everything it runs with: its code zipped at synth time (fflate,
 * reproducible: the same files give the same bytes and the same `source_code_hash`), a role that
 * only writes its own log group (and X-Ray traces when tracing), and that log group with
 * retention, created before the function so Lambda never creates one that keeps logs forever.
 */
export class NodeFunction extends Construct {
  public readonly function: LambdaFunction;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly asset: TerraformAsset;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    const memory = props.memorySize ?? 128;
    const timeout = props.timeout ?? 3;
    const retention = props.logRetentionDays ?? 30;
    const runtime = props.runtime ?? DEFAULT_LAMBDA_RUNTIME;
    const architecture = props.architecture ?? "arm64";
    const check = (ok: boolean, message: string) => {
      if (!ok) throw new Error(`NodeFunction ${props.functionName}: ${message}`);
    };
    check((LAMBDA_RUNTIMES as readonly string[]).includes(runtime), `runtime must be one of ${LAMBDA_RUNTIMES.join(", ")}, got ${runtime}`);
    check((LAMBDA_ARCHITECTURES as readonly string[]).includes(architecture), `architecture must be one of ${LAMBDA_ARCHITECTURES.join(", ")}, got ${architecture}`);
    check(Number.isInteger(memory) && memory >= MEMORY_MIB.min && memory <= MEMORY_MIB.max, `memorySize must be a whole number of MiB from ${MEMORY_MIB.min} to ${MEMORY_MIB.max}, got ${memory}`);
    check(Number.isInteger(timeout) && timeout >= TIMEOUT_SECONDS.min && timeout <= TIMEOUT_SECONDS.max, `timeout must be a whole number of seconds from ${TIMEOUT_SECONDS.min} to ${TIMEOUT_SECONDS.max}, got ${timeout}`);
    const reserved = props.reservedConcurrency;
    check(reserved === undefined || (Number.isInteger(reserved) && reserved >= 1 && reserved <= MAX_RESERVED_CONCURRENCY), `reservedConcurrency must be a whole number from 1 to ${MAX_RESERVED_CONCURRENCY}, got ${reserved}`);
    check((LOG_RETENTION_DAYS as readonly number[]).includes(retention), `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${retention}`);

    this.logGroup = new CloudwatchLogGroup(this, "logs", { name: `/aws/lambda/${props.functionName}`, retentionInDays: retention });
    const { role, policy } = serviceRole(this, {
      aws: props.aws,
      roleName: props.roleName,
      description: `Lambda: run ${props.functionName}`,
      service: "lambda",
      policyName: "run",
      statements: [
        { sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${this.logGroup.arn}:*`] },
        // X-Ray's PutTraceSegments and PutTelemetryRecords have no resource type (Service Authorization Reference).
        ...(props.tracing ? [{ sid: "WriteTraces", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] }] : []),
        ...(props.statements ?? []),
      ],
    });
    this.role = role;

    const archive = packageRevision(props.codeDirectory);
    this.asset = new TerraformAsset(this, "code", { path: archive.file, type: AssetType.FILE, assetHash: archive.hash });
    const variables = props.environment ?? {};
    this.function = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: props.description,
      role: role.arn,
      runtime,
      architectures: [architecture],
      handler: props.handler,
      filename: this.asset.path,
      // The base64 SHA-256 of the zip, what Lambda reports as CodeSha256: computed here, because a
      // filebase64sha256() of the relative asset path only resolves from the stack's own folder.
      sourceCodeHash: createHash("sha256").update(readFileSync(archive.file)).digest("base64"),
      memorySize: memory,
      timeout,
      reservedConcurrentExecutions: reserved,
      publish: props.publish ?? false,
      tracingConfig: props.tracing ? { mode: "Active" } : undefined,
      environment: Object.keys(variables).length > 0 ? { variables } : undefined,
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      // CreateFunction checks the role can be assumed; the first invocation writes to the group.
      dependsOn: [policy, this.logGroup],
    });
  }
}
