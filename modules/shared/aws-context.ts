import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";

export interface AwsContextProps {
  /** Region the stack deploys to (known at synth time from the configuration). */
  readonly region: string;
}

/**
 * Partition, region and account of the stack, for building scoped ARNs. Partition and DNS
 * suffix follow from the region at synth time, so only the account ID is looked up.
 */
export class AwsContext extends Construct {
  public readonly region: string;
  public readonly partition: string;
  /** `amazonaws.com`, or `amazonaws.com.cn` in the China regions. */
  public readonly dnsSuffix: string;
  public readonly accountId: string;

  constructor(scope: Construct, id: string, props: AwsContextProps) {
    super(scope, id);
    this.region = props.region;
    this.partition = partitionOf(props.region);
    this.dnsSuffix = this.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    this.accountId = new DataAwsCallerIdentity(this, "caller").accountId;
  }

  /** ARN of an AWS-managed IAM policy, e.g. `service-role/AWSCodeDeployRole`. */
  managedPolicyArn(name: string): string {
    return `arn:${this.partition}:iam::aws:policy/${name}`;
  }

  /** The AWS console of the region (China and GovCloud have their own). */
  get consoleUrl(): string {
    if (this.partition === "aws-cn") return "https://console.amazonaws.cn";
    if (this.partition === "aws-us-gov") return "https://console.amazonaws-us-gov.com";
    return `https://${this.region}.console.aws.amazon.com`;
  }

  /** Service principal, e.g. `codedeploy` → `codedeploy.amazonaws.com`. */
  servicePrincipal(service: string): string {
    return `${service}.amazonaws.com`;
  }
}

export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
