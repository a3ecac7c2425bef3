import { join } from "path";
import { Construct, Node } from "constructs";
import { TerraformElement, TerraformOutput, TerraformStack } from "cdktf";
import { EnvironmentConfig } from "../modules/config";
import { lambdaAlarmSpecs } from "../modules/lambda/alarms";
import { LambdaPlatform } from "../modules/lambda/platform";
import { FunctionRelease } from "../modules/lambda/release";
import { DeploymentEvents, deploymentEventRuleNames } from "../modules/observability/events";
import { Monitoring } from "../modules/observability/monitoring";
import { HardenedBucket } from "../modules/shared/hardened-bucket";
import { ReadableLogicalIds } from "../modules/shared/logical-ids";
import { configureEnvironment } from "../modules/shared/environment";

/** The sample function and the traffic hooks (plain Node.js, zipped at synth time). */
const FUNCTIONS_DIRECTORY = join(__dirname, "..", "modules", "lambda", "functions");

export interface LambdaStackProps {
  readonly environment: EnvironmentConfig;
}

/**
 * One Lambda environment (`platform: "lambda"`): the function behind its `live` alias and front
 * door, CodeDeploy's canary/linear traffic shifting with pre- and post-traffic hooks, the alias's
 * alarms on the environment's encrypted topic, and a pipeline that publishes and shifts each
 * version. A release of its own: it builds from its source and promotes nowhere.
 */
export class LambdaStack extends TerraformStack {
  private readonly logicalIds = new ReadableLogicalIds();

  constructor(scope: Construct, id: string, props: LambdaStackProps) {
    super(scope, id);
    const env = props.environment;
    const names = env.names;
    const settings = env.lambda;

    const aws = configureEnvironment(this, env);
    const artifacts = new HardenedBucket(this, "artifacts", { bucketName: names.artifactBucket(aws.accountId), forceDestroy: true });

    const eventRules = { ruleNamePrefix: names.stem, announceApprovals: env.requireApproval };
    const alarms = lambdaAlarmSpecs(names.lambdaFunction, names.lambdaAlias, settings.alarms);
    const monitoring = new Monitoring(this, "monitoring", {
      aws,
      topicName: names.notificationTopic,
      keyAlias: names.notificationKeyAlias,
      alarmNamePrefix: names.stem,
      builtInAlarms: alarms,
      alarmEmail: env.alarmEmail,
      eventRuleArns: deploymentEventRuleNames(eventRules).map((rule) => `arn:${aws.partition}:events:${aws.region}:${aws.accountId}:rule/${rule}`),
    });
    const platform = new LambdaPlatform(this, {
      aws,
      names,
      settings,
      logRetentionDays: env.logRetentionDays,
      alarmNames: monitoring.alarms.map((alarm) => alarm.alarmName),
      functionsDirectory: FUNCTIONS_DIRECTORY,
    });
    const release = new FunctionRelease(this, {
      aws,
      names,
      source: env.source,
      artifacts,
      logRetentionDays: env.logRetentionDays,
      requireApproval: env.requireApproval,
      functionName: platform.function.function.functionName,
      aliasName: platform.alias.name,
      preTrafficHookName: platform.hooks.preTraffic.function.functionName,
      postTrafficHookName: platform.hooks.postTraffic.function.functionName,
      applicationName: platform.deployment.application.name,
      deploymentGroupName: platform.deployment.deploymentGroup.deploymentGroupName,
      deploymentConfigName: platform.deployment.deploymentConfigName,
    });
    new DeploymentEvents(this, "events", {
      ...eventRules,
      topicArn: monitoring.topic.arn,
      applicationName: platform.deployment.application.name,
      deploymentGroupName: platform.deployment.deploymentGroup.deploymentGroupName,
      pipelineName: release.pipeline.pipeline.name,
    });

    const alias = names.lambdaAlias;
    const outputs: Record<string, [string, string]> = {
      url: [platform.frontDoor.url, settings.frontDoor === "function-url" ? `The ${alias} alias's function URL (auth ${settings.functionUrlAuth})` : `The HTTP API in front of the ${alias} alias`],
      function_name: [platform.function.function.functionName, "The function; clients reach it only through the alias"],
      alias_arn: [platform.alias.arn, "The alias CodeDeploy shifts between versions"],
      codedeploy_application_name: [platform.deployment.application.name, "CodeDeploy application (compute platform Lambda)"],
      deployment_group_name: [platform.deployment.deploymentGroup.deploymentGroupName, "CodeDeploy deployment group that shifts the alias"],
      deployment_config_name: [platform.deployment.deploymentConfigName, "How traffic moves: predefined or this stack's canary/linear config"],
      release_command: [
        `aws codepipeline start-pipeline-execution --region ${env.region} --name ${names.pipeline}`,
        "Releases the source again: after a configuration-only apply this shifts the alias, through the hooks and alarms, to the version Terraform published",
      ],
      notification_topic_arn: [monitoring.topic.arn, "SNS topic for alarms and deployment notifications"],
      artifact_bucket: [artifacts.bucket.bucket, "Bucket of the pipeline's artifacts"],
      pipeline_name: [release.pipeline.pipeline.name, "CodePipeline that publishes a version per push and shifts the alias to it"],
      deployments_console_url: [
        `${aws.consoleUrl}/codesuite/codedeploy/applications/${names.codeDeployApplication}/deployment-groups/${names.deploymentGroup}?region=${env.region}`,
        "The deployment group and its deployments in the console",
      ],
    };
    if (release.source.repository) outputs.repository_clone_url = [release.source.repository.cloneUrlHttp, "git clone URL; the function's package is its function/ folder"];
    else if (release.source.connectionArn) outputs.source_connection_arn = [release.source.connectionArn, "GitHub connection; approve it once in the console if it is PENDING"];
    for (const [name, [value, description]] of Object.entries(outputs)) new TerraformOutput(this, name, { value, description });
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return this.logicalIds.allocate(element, this);
  }
}
