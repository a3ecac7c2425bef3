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

  /**
   * ARN of a CodeDeploy deployment group in this account and region
   * (`…:deploymentgroup:<application>/<group>`, Service Authorization Reference, AWS CodeDeploy).
   */
  deploymentGroupArn(applicationName: string, deploymentGroupName: string): string {
    return `arn:${this.partition}:codedeploy:${this.region}:${this.accountId}:deploymentgroup:${applicationName}/${deploymentGroupName}`;
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

/** Regions hashicorp/aws 5.100.0 knows; extend when AWS opens one. */
export const AWS_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
] as const;
