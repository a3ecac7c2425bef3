import { Construct } from "constructs";
import { AssetType, Fn, TerraformAsset } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { packageRevision } from "../delivery/revision";
import { DEFAULT_LAMBDA_RUNTIME } from "../lambda/limits";
import { AwsContext } from "../shared/aws-context";
import { serviceRole, ServiceRole } from "../shared/iam";
import type { EcsNames } from "./names";

/** The ECS lifecycle events this project hooks: AfterAllowTestTraffic always, BeforeAllowTraffic on request. */
export type HookEvent = "AfterAllowTestTraffic" | "BeforeAllowTraffic";

export interface LifecycleHooksProps {
  readonly aws: AwsContext;
  readonly names: EcsNames;
  /** Folder of the hook code (modules/ecs/functions: smoke-test.js, one handler for every test-traffic event), zipped at synth. */
  readonly codeDirectory: string;
  /** `arn:…:deploymentgroup:<app>/<group>`: the only group the functions may report to. */
  readonly deploymentGroupArn: string;
  /** The test listener, e.g. `http://<alb>:9000`. */
  readonly testUrl: string;
  readonly smokeTestPath: string;
  readonly testListenerPort: number;
  readonly vpcId: string;
  /** Private subnets with a NAT route: the functions reach the test listener and the CodeDeploy API through it. */
  readonly subnetIds: string[];
  readonly logRetentionDays: number;
  /** @default ["AfterAllowTestTraffic"] */
  readonly events?: HookEvent[];
  /** X-Ray active tracing (the guardrails' LAMBDA-TRACING asks it in production). @default false */
  readonly tracing?: boolean;
}

/**
 * The lifecycle hook functions: a smoke test against the test listener, reporting with
 * PutLifecycleEventHookExecutionStatus. They run in the task subnets so that their requests leave
 * through the NAT gateways the test listener admits; their role may report to this deployment
 * group only, write their own log group and manage their network interfaces.
 */
export class LifecycleHooks extends Construct {
  public readonly functions: Record<string, LambdaFunction> = {};
  public readonly role: ServiceRole;
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: LifecycleHooksProps) {
    super(scope, id);
    const { aws, names } = props;
    const events = props.events ?? ["AfterAllowTestTraffic"];
    if (!events.includes("AfterAllowTestTraffic")) throw new Error("LifecycleHooks: events must include AfterAllowTestTraffic (the smoke test)");

    const archive = packageRevision(props.codeDirectory);
    const code = new TerraformAsset(this, "code", { path: archive.file, type: AssetType.FILE, assetHash: archive.hash });
    const logGroups = events.map(
      (event) => new CloudwatchLogGroup(this, `${event}_logs`, { name: `/aws/lambda/${names.hookFunction(event)}`, retentionInDays: props.logRetentionDays }),
    );

    this.securityGroup = new SecurityGroup(this, "group", {
      name: names.hookSecurityGroup,
      description: "Lifecycle hook functions: out to the test listener and to AWS APIs only; nothing inbound",
      vpcId: props.vpcId,
      tags: { Name: names.hookSecurityGroup },
    });
    for (const [port, purpose] of [
      [443, "HTTPS to the CodeDeploy API"],
      [props.testListenerPort, "the load balancer's test listener (through NAT)"],
    ] as const) {
      new VpcSecurityGroupEgressRule(this, `egress_${port}`, {
        securityGroupId: this.securityGroup.id,
        description: `Hooks out: ${purpose}`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: "0.0.0.0/0",
      });
    }

    const ec2Resources = `arn:${aws.partition}:ec2:${aws.region}:${aws.accountId}:*`;
    this.role = serviceRole(this, {
      aws,
      roleName: names.hookRole,
      description: `Lifecycle hooks of ${names.service}: report to its deployment group, write their logs`,
      service: "lambda",
      policyName: "report-log-network",
      statements: [
        { sid: "ReportHookStatus", actions: ["codedeploy:PutLifecycleEventHookExecutionStatus"], resources: [props.deploymentGroupArn] },
        { sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: logGroups.map((group) => `${group.arn}:log-stream:*`) },
        // What a function in a VPC needs for its network interfaces (Lambda Developer Guide, "Giving Lambda functions access to a VPC").
        { sid: "DescribeInterfaces", actions: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], resources: ["*"] },
        {
          sid: "ManageInterfaces",
          actions: ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
          resources: [ec2Resources],
        },
        // X-Ray's trace APIs take no resource (Service Authorization Reference, AWS X-Ray).
        ...(props.tracing ? [{ sid: "WriteTraces", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] }] : []),
      ],
    });

    events.forEach((event, index) => {
      this.functions[event] = new LambdaFunction(this, event, {
        functionName: names.hookFunction(event),
        description: `CodeDeploy ${event} hook of ${names.service}: smoke test through the test listener`,
        role: this.role.role.arn,
        runtime: DEFAULT_LAMBDA_RUNTIME,
        handler: "smoke-test.handler",
        filename: code.path,
        // What the provider compares with the function's CodeSha256: the zip's base64 SHA-256.
        sourceCodeHash: Fn.filebase64sha256(code.path),
        // Five attempts of at most 5 s with 3 s between them, and the report.
        timeout: 60,
        memorySize: 128,
        vpcConfig: { subnetIds: props.subnetIds, securityGroupIds: [this.securityGroup.id] },
        environment: { variables: { TEST_URL: props.testUrl, SMOKE_TEST_PATH: props.smokeTestPath } },
        loggingConfig: { logFormat: "Text", logGroup: logGroups[index].name },
        tracingConfig: props.tracing ? { mode: "Active" } : undefined,
        dependsOn: [this.role.policy, logGroups[index]],
      });
    });
  }

  /** ARNs of the hook functions, for CodeDeploy's lambda:InvokeFunction. */
  get functionArns(): string[] {
    return Object.values(this.functions).map((fn) => fn.arn);
  }
}
