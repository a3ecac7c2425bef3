import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";

/** The AWS SDK v3 clients the commands use, all in the environment's region. */
export interface AwsClients {
  readonly region: string;
  readonly codedeploy: CodeDeployClient;
  readonly autoscaling: AutoScalingClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly cloudwatch: CloudWatchClient;
  readonly codepipeline: CodePipelineClient;
}

export interface ClientOptions {
  /** The environment's region (configuration key `region`). */
  readonly region: string;
  /**
   * One endpoint for every client, e.g. a local emulator. @default the SDK's: the region's public
   * endpoints, or AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> when set
   */
  readonly endpoint?: string;
  /** @default 3, the SDK's standard retry mode */
  readonly maxAttempts?: number;
}

/** Credentials come from the SDK's default chain (environment, profile/SSO, role, instance). */
export function createClients(options: ClientOptions): AwsClients {
  const config = { region: options.region, endpoint: options.endpoint, maxAttempts: options.maxAttempts };
  return {
    region: options.region,
    codedeploy: new CodeDeployClient(config),
    autoscaling: new AutoScalingClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    cloudwatch: new CloudWatchClient(config),
    codepipeline: new CodePipelineClient(config),
  };
}
