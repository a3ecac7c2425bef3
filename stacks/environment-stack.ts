import { join } from "path";
import { Construct, Node } from "constructs";
import { TerraformElement, TerraformOutput, TerraformStack } from "cdktf";
import { EnvironmentConfig } from "../modules/config";
import { Delivery } from "../modules/delivery";
import { InstanceLogs } from "../modules/fleet/instance-logs";
import { PipelineSource } from "../modules/delivery/source";
import type { ReleasePosition } from "../modules/delivery/promotion";
import { NetworkAndEdge } from "../modules/network";
import { Observability } from "../modules/observability";
import { ServerPlatform } from "../modules/server";
import { DeploymentRoles } from "../modules/server/roles";
import { HardenedBucket } from "../modules/shared/hardened-bucket";
import { ReadableLogicalIds } from "../modules/shared/logical-ids";
import { configureEnvironment } from "../modules/shared/environment";

/** The revision CodeDeploy runs on every instance; uploaded as the first deployable revision. */
const HOOKS_BUNDLE = join(__dirname, "..", "hooks-bundle");
/** The serving-bounds function's code (from stacks/ or dist/ alike: both sit beside modules/). */
const SERVING_BOUNDS_CODE = join(__dirname, "..", "modules", "fleet", "functions", "serving-bounds");

export interface EnvironmentStackProps {
  readonly environment: EnvironmentConfig;
  /** Where the environment stands in the release order (`releaseChain`). @default alone: it builds and promotes nowhere */
  readonly release?: ReleasePosition;
}

/**
 * One environment's complete blue/green estate, composed from one unit per concern: network and
 * edge, observability, the compute platform (EC2 "Server": fleet and deployment group) and
 * delivery. Every resource lives in a module.
 */
export class EnvironmentStack extends TerraformStack {
  private readonly logicalIds = new ReadableLogicalIds();

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const env = props.environment;
    const names = env.names;

    const aws = configureEnvironment(this, env);
    const artifacts = new HardenedBucket(this, "artifacts", {
      bucketName: names.artifactBucket(aws.accountId),
      forceDestroy: !env.deletionProtection,
    });
    // Created before the instance role that may write to them (and so before the fleet).
    const instanceLogs = env.instanceLogs.enabled
      ? new InstanceLogs(this, "instance_logs", {
          logGroupPrefix: names.instanceLogGroupPrefix,
          retentionInDays: env.instanceLogs.retentionDays ?? env.logRetentionDays,
        })
      : undefined;
    const roles = new DeploymentRoles(this, "iam", {
      aws,
      codeDeployRoleName: names.codeDeployServiceRole,
      instanceRoleName: names.instanceRole,
      parameterPath: names.parameterPath,
      revisionBucketArns: [artifacts.bucket.arn],
      parameterKeyArns: env.parameterKmsKeyArn ? [env.parameterKmsKeyArn] : undefined,
      application: env.instancePermissions,
      logStreamArns: instanceLogs?.streamArns,
    });

    const edge = new NetworkAndEdge(this, { names, settings: env, instanceType: env.instanceType, aws });
    const observability = new Observability(this, {
      aws,
      names,
      settings: env,
      loadBalancer: edge.loadBalancer,
      announceApprovals: env.requireApproval,
    });
    const platform = new ServerPlatform(this, {
      aws,
      names,
      environment: env.name,
      fleet: env,
      deployment: env,
      appPort: env.appPort,
      healthCheckPath: env.healthCheckPath,
      edge,
      roles,
      defaultVpc: env.vpcId === undefined,
      protectSeedFromDestroy: env.deletionProtection,
      alarmNames: observability.alarmNames,
      servingBoundsCodeDirectory: SERVING_BOUNDS_CODE,
      logRetentionDays: env.logRetentionDays,
      tracing: env.profile === "prod",
    });
    const delivery = new Delivery(this, {
      aws,
      names,
      settings: env,
      artifacts,
      target: platform.target,
      initialRevisionDirectory: HOOKS_BUNDLE,
      release: props.release,
      releaseHealthAlarm: { name: observability.releaseHealth.alarm.alarmName, arn: observability.releaseHealth.alarm.arn },
    });
    observability.announce({
      applicationName: platform.target.applicationName,
      deploymentGroupName: platform.target.deploymentGroupName,
      pipelineName: delivery.pipeline.pipeline.name,
    });

    const loadBalancer = edge.loadBalancer;
    const source = delivery.source;
    const application = `--region ${env.region} --application-name ${names.codeDeployApplication} --deployment-group-name ${names.deploymentGroup}`;
    const bucket = artifacts.bucket.bucket;
    const outputs: Record<string, [string | string[], string]> = {
      url: [edge.url, "URL of the application behind the load balancer"],
      load_balancer_dns_name: [loadBalancer.loadBalancer.dnsName, "DNS name of the load balancer (CNAME/alias target)"],
      codedeploy_application_name: [platform.target.applicationName, "CodeDeploy application name"],
      deployment_group_name: [platform.target.deploymentGroupName, "CodeDeploy blue/green deployment group name"],
      fleet_groups_command: [
        `aws autoscaling describe-auto-scaling-groups --region ${env.region} --output text --query ` +
          `"AutoScalingGroups[?AutoScalingGroupName=='${names.seedAutoScalingGroup}' || starts_with(AutoScalingGroupName, '${names.codeDeployFleetPrefix}')].AutoScalingGroupName"`,
        // Not the names themselves: they change with every deployment, and an output that follows
        // them makes every plan during or after a deployment non-empty (-detailed-exitcode 2).
        "Lists the Auto Scaling group(s) serving now: the seed before the first deployment, CodeDeploy's copy after (two during a deployment)",
      ],
      notification_topic_arn: [observability.topicArn, "SNS topic for alarms and deployment notifications"],
      artifact_bucket: [bucket, "Bucket of build artifacts and revisions"],
      initial_revision: [`s3://${bucket}/${delivery.revision.key}`, "The hooks-bundle revision uploaded at apply time"],
      deploy_command: [
        `aws deploy create-deployment ${application} --s3-location bucket=${bucket},key=${delivery.revision.key},bundleType=zip`,
        "Starts a blue/green deployment of the uploaded revision (replace the key to deploy another zip)",
      ],
      pipeline_name: [delivery.pipeline.pipeline.name, "CodePipeline that turns a push into a blue/green deployment"],
      pipeline_console_url: [`${aws.consoleUrl}/codesuite/codepipeline/pipelines/${names.pipeline}/view?region=${env.region}`, "The pipeline in the console"],
      deployments_console_url: [
        `${aws.consoleUrl}/codesuite/codedeploy/applications/${names.codeDeployApplication}/deployment-groups/${names.deploymentGroup}?region=${env.region}`,
        "The deployment group and its deployments in the console",
      ],
      infrastructure_rollout_command: [
        `aws deploy create-deployment ${application} --description "Infrastructure rollout: the last successful revision on the current launch template" ` +
          `--revision "$(aws deploy get-deployment --region ${env.region} --query deploymentInfo.revision --output json --deployment-id ` +
          `"$(aws deploy get-deployment-group ${application} --query deploymentGroupInfo.lastSuccessfulDeployment.deploymentId --output text)")"`,
        "After a launch-template change (new AMI, patch): redeploys the last successful revision, so CodeDeploy copies the fleet onto the new template version blue/green",
      ],
      dashboard_url: [
        `${aws.consoleUrl}/cloudwatch/home?region=${env.region}#dashboards/dashboard/${names.dashboard}`,
        "The environment's CloudWatch dashboard: traffic, errors, latency, hosts, in-service instances, alarms",
      ],
      ...sourceOutputs(source),
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description });
    }
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return this.logicalIds.allocate(element, this);
  }
}

/** Where the pipeline's revisions come from, for the operator. */
function sourceOutputs(source: Delivery["source"]): Record<string, [string, string]> {
  if (!(source instanceof PipelineSource)) {
    return { release_source: [source.location, "Where the previous environment's pipeline promotes the revision this pipeline deploys"] };
  }
  if (source.repository) return { repository_clone_url: [source.repository.cloneUrlHttp, "git clone URL (HTTPS, git-remote-codecommit or credential helper)"] };
  return {
    source_connection_arn: [
      source.connectionArn!,
      source.connection
        ? "GitHub connection; it starts PENDING: approve it once in the console (Developer Tools → Settings → Connections)"
        : "The existing GitHub connection the pipeline uses (source.connectionArn)",
    ],
  };
}
