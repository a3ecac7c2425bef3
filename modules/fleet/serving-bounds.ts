import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
import { NodeFunction } from "../lambda/function";
import { AwsContext } from "../shared/aws-context";

/** What the function receives: configuration only, so a new copy by CodeDeploy changes nothing here. */
export interface ServingBoundsInput {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  /** The Terraform-owned seed: while the deployment group names it, Terraform sets its bounds itself. */
  readonly seedGroupName: string;
  /** `CodeDeploy_<deployment group>_d-`: the copies the function may update (and its role may). */
  readonly copyPrefix: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** Absent when target tracking owns the desired capacity (UpdateAutoScalingGroup then moves it into the bounds). */
  readonly desiredCapacity?: number;
}

export interface ServingBoundsProps {
  readonly aws: AwsContext;
  readonly functionName: string;
  /** Folder of the function (modules/fleet/functions/serving-bounds: index.js alone, the runtime provides the SDK v3 clients), zipped at synth. */
  readonly codeDirectory: string;
  readonly roleName: string;
  readonly input: ServingBoundsInput;
  /** The deployment group (and what it needs): the function reads its fleet list, so it must exist first. */
  readonly dependsOn: ITerraformDependable[];
  /** X-Ray active tracing (the guardrails' LAMBDA-TRACING asks it in production). @default false */
  readonly tracing?: boolean;
  /** Days the function's log group keeps events. @default 30 */
  readonly logRetentionDays?: number;
}

/**
 * The configured capacity bounds on the group that serves, whichever it is, on the apply that
 * changes them. Terraform owns the seed and sets its bounds itself; CodeDeploy's copy
 * (`CodeDeploy_<group>_d-*`) is not Terraform's, so a function does it: `aws_lambda_invocation`
 * runs it with the configuration as its input. lifecycle_scope CREATE_ONLY: the provider invokes
 * on create only, and a changed input forces a replacement (its CustomizeDiff), so the function
 * runs exactly when the bounds in the configuration change, never on a re-apply or on destroy;
 * a failed invocation is not recorded, so the next apply retries it. The function reads the
 * deployment group's fleet at run time (GetDeploymentGroup), refuses while a deployment is
 * unfinished (ListDeployments) and updates only CodeDeploy's copies (UpdateAutoScalingGroup);
 * see functions/serving-bounds/index.js for every outcome.
 *
 * Works wherever Terraform runs (Terraform Cloud included): the apply only needs
 * lambda:InvokeFunction, and the function runs with its own role.
 */
export class ServingBounds extends Construct {
  public readonly function: NodeFunction;
  public readonly invocation: LambdaInvocation;

  constructor(scope: Construct, id: string, props: ServingBoundsProps) {
    super(scope, id);
    const { aws, input } = props;
    if (!input.copyPrefix.startsWith("CodeDeploy_") || !input.copyPrefix.endsWith("_d-")) {
      throw new Error(`ServingBounds: copyPrefix must be CodeDeploy's "CodeDeploy_<deployment group>_d-", got "${input.copyPrefix}"`);
    }
    const deploymentGroupArn = aws.deploymentGroupArn(input.applicationName, input.deploymentGroupName);
    this.function = new NodeFunction(this, "function", {
      aws,
      functionName: props.functionName,
      description: `Sets the configured capacity bounds on CodeDeploy's copy serving ${input.applicationName}/${input.deploymentGroupName}`,
      codeDirectory: props.codeDirectory,
      handler: "index.handler",
      roleName: props.roleName,
      // Two CodeDeploy reads and an Auto Scaling update, each with the SDK's retries.
      timeout: 30,
      tracing: props.tracing,
      logRetentionDays: props.logRetentionDays,
      statements: [
        // CodeDeploy permissions reference: both take the deployment group's ARN.
        { sid: "ReadDeploymentGroup", actions: ["codedeploy:GetDeploymentGroup", "codedeploy:ListDeployments"], resources: [deploymentGroupArn] },
        {
          // The autoScalingGroup resource type (Service Authorization Reference, Amazon EC2 Auto
          // Scaling): `…:autoScalingGroup:<group id>:autoScalingGroupName/<name>`; the copies only.
          sid: "UpdateServingCopy",
          actions: ["autoscaling:UpdateAutoScalingGroup"],
          resources: [`arn:${aws.partition}:autoscaling:${aws.region}:${aws.accountId}:autoScalingGroup:*:autoScalingGroupName/${input.copyPrefix}*`],
        },
      ],
    });
    this.invocation = new LambdaInvocation(this, "invocation", {
      functionName: this.function.function.functionName,
      input: JSON.stringify(input),
      lifecycleScope: "CREATE_ONLY",
      dependsOn: props.dependsOn,
    });
  }
}
