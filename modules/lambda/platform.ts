import { join } from "path";
import { Construct } from "constructs";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { Guardrails } from "../guardrails";
import { AwsContext } from "../shared/aws-context";
import { serviceRole, ServiceRole } from "../shared/iam";
import { ResourceNames } from "../shared/naming";
import type { LambdaSettings } from ".";
import { TrafficShiftingDeployment } from "./deployment";
import { FrontDoor } from "./front-door";
import { NodeFunction } from "./function";

export interface LambdaPlatformProps {
  readonly aws: AwsContext;
  readonly names: ResourceNames;
  readonly settings: LambdaSettings;
  /** Days the function's and the hooks' log groups keep events. */
  readonly logRetentionDays: number;
  /** Alarms that stop a traffic shift and move the alias back. */
  readonly alarmNames: string[];
  /**
   * Folder holding `app/` (the sample function) and `hooks/` (the traffic hooks), zipped at synth
   * time: modules/lambda/functions, given by the stack (a bundled app has its own __dirname).
   */
  readonly functionsDirectory: string;
}

/**
 * The Lambda compute platform: the function (publishing a version on every change), the `live`
 * alias CodeDeploy shifts, the front door on that alias, the pre- and post-traffic hook
 * functions, and the CodeDeploy application and deployment group with their role.
 *
 * Who owns what: Terraform creates the function with the sample package and owns its
 * configuration (every change publishes a version); after that the delivery pipeline owns the
 * code (it packages and publishes), and CodeDeploy owns the alias's `function_version` and
 * `routing_config`. Terraform ignores exactly those attributes, so a plan never moves traffic or
 * puts back an old package.
 *
 * A composition over `scope`, not a node of its own: `function`, `alias`, `front_door`, `hooks_*`
 * and `deployment` stay directly under the stack.
 */
export class LambdaPlatform {
  public readonly function: NodeFunction;
  public readonly alias: LambdaAlias;
  public readonly frontDoor: FrontDoor;
  public readonly hooks: { readonly preTraffic: NodeFunction; readonly postTraffic: NodeFunction };
  public readonly deployment: TrafficShiftingDeployment;
  public readonly codeDeployRole: ServiceRole;

  constructor(scope: Construct, props: LambdaPlatformProps) {
    const { aws, names, settings } = props;
    const lambdaArn = (name: string) => `arn:${aws.partition}:lambda:${aws.region}:${aws.accountId}:function:${name}`;
    const functionArn = lambdaArn(names.lambdaFunction);
    const groupArn = aws.deploymentGroupArn(names.codeDeployApplication, names.deploymentGroup);

    this.function = new NodeFunction(scope, "function", {
      aws,
      functionName: names.lambdaFunction,
      description: `${names.stem}: served through the ${names.lambdaAlias} alias, which CodeDeploy shifts between versions`,
      codeDirectory: join(props.functionsDirectory, "app"),
      handler: "index.handler",
      roleName: names.functionRole,
      runtime: settings.runtime,
      architecture: settings.architecture,
      memorySize: settings.memorySize,
      timeout: settings.timeout,
      reservedConcurrency: settings.reservedConcurrency,
      environment: settings.environment,
      tracing: settings.tracing,
      publish: true,
      logRetentionDays: props.logRetentionDays,
    });
    // The pipeline publishes every later package (update-function-code --publish): Terraform
    // would otherwise put the sample back on each apply.
    this.function.function.addOverride("lifecycle.ignore_changes", ["filename", "source_code_hash"]);

    this.alias = new LambdaAlias(scope, "alias", {
      name: names.lambdaAlias,
      description: "Clients' entry point; CodeDeploy shifts it from the current to the target version",
      functionName: this.function.function.functionName,
      functionVersion: this.function.function.version,
      // CodeDeploy moves the alias: UpdateAlias with a weighted RoutingConfig during a canary or
      // linear shift, then FunctionVersion = target (or back to current on rollback). A plan that
      // reset either would move production traffic outside a deployment.
      lifecycle: { ignoreChanges: ["function_version", "routing_config"] },
    });

    this.frontDoor = new FrontDoor(scope, "front_door", {
      kind: settings.frontDoor,
      functionName: this.function.function.functionName,
      aliasName: this.alias.name,
      aliasInvokeArn: this.alias.invokeArn,
      apiName: names.stem,
      functionUrlAuth: settings.functionUrlAuth,
    });
    if (settings.frontDoor === "function-url" && settings.functionUrlAuth === "NONE" && settings.publicUrlReason) {
      Guardrails.suppress(this.frontDoor, "LAMBDA-URL-AUTH", settings.publicUrlReason);
    }

    const hook = (id: string, kind: "pre-traffic" | "post-traffic", handler: string, checks: string) =>
      new NodeFunction(scope, id, {
        aws,
        functionName: names.hookFunction(kind),
        description: `CodeDeploy ${kind} hook of ${names.deploymentGroup}: ${checks}`,
        codeDirectory: join(props.functionsDirectory, "hooks"),
        handler,
        roleName: `${names.hookRole}-${kind}`,
        runtime: settings.runtime,
        architecture: settings.architecture,
        timeout: 60,
        tracing: settings.tracing,
        logRetentionDays: props.logRetentionDays,
        statements: [
          {
            sid: "ReportHookStatus",
            actions: ["codedeploy:GetDeployment", "codedeploy:PutLifecycleEventHookExecutionStatus"],
            resources: [groupArn],
          },
          // Qualified ARNs (<function>:<version or alias>) are what a version or alias invocation is authorized against.
          { sid: "InvokeTarget", actions: ["lambda:InvokeFunction"], resources: [functionArn, `${functionArn}:*`] },
          ...(kind === "post-traffic"
            ? [{ sid: "ReadErrorCount", actions: ["cloudwatch:GetMetricData"], resources: ["*"] }]
            : []),
        ],
      });
    this.hooks = {
      preTraffic: hook("hooks_pre_traffic", "pre-traffic", "index.preTraffic", "invokes the target version before any traffic moves"),
      postTraffic: hook("hooks_post_traffic", "post-traffic", "index.postTraffic", "checks the alias and the target version's errors after all traffic moved"),
    };

    this.codeDeployRole = serviceRole(scope, {
      aws,
      idPrefix: "codedeploy_",
      roleName: names.codeDeployServiceRole,
      description: `CodeDeploy: shift ${names.lambdaFunction}:${names.lambdaAlias} between versions`,
      service: "codedeploy",
      policyName: "shift-traffic",
      statements: [
        // What the AWSCodeDeployRoleForLambda managed policy grants, on this function and its hooks only.
        {
          sid: "ShiftAlias",
          actions: ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"],
          resources: [functionArn, `${functionArn}:*`],
        },
        {
          sid: "RunHooks",
          actions: ["lambda:InvokeFunction"],
          resources: [this.hooks.preTraffic.function.arn, this.hooks.postTraffic.function.arn],
        },
        {
          sid: "ReadAlarms",
          actions: ["cloudwatch:DescribeAlarms"],
          resources: props.alarmNames.map((name) => `arn:${aws.partition}:cloudwatch:${aws.region}:${aws.accountId}:alarm:${name}`),
        },
      ],
    });

    this.deployment = new TrafficShiftingDeployment(scope, "deployment", {
      applicationName: names.codeDeployApplication,
      deploymentGroupName: names.deploymentGroup,
      customDeploymentConfigName: names.timeBasedDeploymentConfig,
      serviceRoleArn: this.codeDeployRole.role.arn,
      deploymentConfig: settings.deploymentConfig,
      alarmNames: props.alarmNames,
      dependsOn: [this.codeDeployRole.policy],
    });
  }
}
