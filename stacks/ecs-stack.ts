import { join } from "path";
import { Construct, Node } from "constructs";
import { TerraformElement, TerraformOutput, TerraformStack } from "cdktf";
import { EnvironmentConfig } from "../modules/config";
import { EcsPlatform } from "../modules/ecs";
import { EcsRelease } from "../modules/ecs/release";
import { DeploymentEvents, deploymentEventRuleNames } from "../modules/observability/events";
import { ecsAlarms } from "../modules/ecs/alarms";
import { ECS_GUARDRAIL_RULES } from "../modules/guardrails";
import { Monitoring } from "../modules/observability/monitoring";
import { ReadableLogicalIds } from "../modules/shared/logical-ids";
import { configureEnvironment } from "../modules/shared/environment";

/** The example service's buildspec, which the build project runs (inlined, so the stack fixes what a build does). */
const BUILDSPEC = join(__dirname, "..", "modules", "ecs", "example-service", "buildspec.yml");

/** The lifecycle hook code, zipped at synth (from stacks/ under ts-node and jest, from dist/ in the bundle). */
const HOOK_FUNCTIONS = join(__dirname, "..", "modules", "ecs", "functions");

export interface EcsStackProps {
  /** An environment whose `platform` is `ecs`. */
  readonly environment: EnvironmentConfig;
}

/**
 * One environment's ECS (Fargate) blue/green estate, composed from concern-level units: the ECS
 * platform (registry, edge with two target groups and two listeners, service, hooks), monitoring
 * (the topic and the alarms that stop a deployment), and the CodeDeploy ECS deployment group.
 * Provider, backend and guardrails are set up as in EnvironmentStack.
 */
export class EcsStack extends TerraformStack {
  private readonly logicalIds = new ReadableLogicalIds();

  constructor(scope: Construct, id: string, props: EcsStackProps) {
    super(scope, id);
    const env = props.environment;
    const names = env.names;
    if (env.platform !== "ecs") throw new Error(`EcsStack: environment "${env.name}" has platform "${env.platform}", not "ecs"`);
    if (!env.vpcId || !env.subnetIds) throw new Error(`EcsStack: environment "${env.name}" must name vpcId and the load balancer's subnetIds`);

    const aws = configureEnvironment(this, env, ECS_GUARDRAIL_RULES);

    const platform = new EcsPlatform(this, {
      aws,
      names,
      settings: env.ecs,
      vpcId: env.vpcId,
      subnetIds: env.subnetIds,
      ingressCidrs: env.ingressCidrs,
      healthCheckPath: env.healthCheckPath,
      certificateArn: env.certificateArn,
      deletionProtection: env.deletionProtection,
      deregistrationDelaySeconds: env.deregistrationDelaySeconds,
      logRetentionDays: env.logRetentionDays,
      hookCodeDirectory: HOOK_FUNCTIONS,
      accessLogs: env.accessLogs,
      tracing: env.profile === "prod",
    });
    const { traffic, service } = platform;
    const rules = { ruleNamePrefix: names.stem, announceApprovals: env.requireApproval };
    const monitoring = new Monitoring(this, "monitoring", {
      aws,
      topicName: names.notificationTopic,
      keyAlias: names.notificationKeyAlias,
      alarmNamePrefix: names.stem,
      loadBalancerArnSuffix: traffic.loadBalancer.arnSuffix,
      targetGroupArnSuffix: traffic.blueTargetGroup.arnSuffix,
      target5xxThreshold: env.alarmTarget5xxCount,
      responseTimeP99Seconds: env.alarmResponseTimeP99Seconds,
      alarmEmail: env.alarmEmail,
      eventRuleArns: deploymentEventRuleNames(rules).map((rule) => `arn:${aws.partition}:events:${aws.region}:${aws.accountId}:rule/${rule}`),
      customAlarms: [
        ...ecsAlarms({
          loadBalancerArnSuffix: traffic.loadBalancer.arnSuffix,
          greenTargetGroupArnSuffix: traffic.greenTargetGroup.arnSuffix,
          clusterName: service.cluster.name,
          serviceName: service.service.name,
          target5xxThreshold: env.alarmTarget5xxCount,
        }),
        ...env.customAlarms,
      ],
    });
    const deployment = platform.deploy({
      names: monitoring.alarms.map((alarm) => alarm.alarmName),
      arns: monitoring.alarms.map((alarm) => alarm.arn),
    });

    const release = new EcsRelease(this, {
      aws,
      names,
      settings: env,
      forceDestroy: !env.deletionProtection,
      buildspecFile: BUILDSPEC,
      repositoryUrl: platform.registry.repository.repositoryUrl,
      repositoryArn: platform.registry.repository.arn,
      service,
      deployment,
      hookFunctionNames: Object.fromEntries(Object.entries(platform.hooks.functions).map(([event, fn]) => [event, fn.functionName])),
      containerPort: env.ecs.containerPort,
    });
    // Deployment and pipeline state reach the topic through EventBridge, as for EC2.
    new DeploymentEvents(this, "events", {
      ...rules,
      applicationName: deployment.application.name,
      deploymentGroupName: deployment.deploymentGroup.deploymentGroupName,
      pipelineName: release.pipeline.pipeline.name,
      topicArn: monitoring.topic.arn,
    });

    const region = env.region;
    const group = `--region ${region} --application-name ${names.codeDeployApplication} --deployment-group-name ${names.deploymentGroup}`;
    const outputs: Record<string, [string, string]> = {
      url: [traffic.url, "URL of the service behind the production listener"],
      test_listener_url: [traffic.testUrl, "The test listener: the replacement task set during a deployment, reachable from ecs.testListenerCidrs only"],
      load_balancer_dns_name: [traffic.loadBalancer.dnsName, "DNS name of the load balancer (CNAME/alias target)"],
      repository_url: [platform.registry.repository.repositoryUrl, "ECR repository the build pushes to (immutable tags)"],
      cluster_name: [service.cluster.name, "ECS cluster"],
      service_name: [service.service.name, "ECS service (deployment controller CODE_DEPLOY)"],
      task_definition_family: [service.taskDefinition.family, "Task definition family the deployments register revisions of"],
      codedeploy_application_name: [deployment.application.name, "CodeDeploy application (compute platform ECS)"],
      deployment_group_name: [deployment.deploymentGroup.deploymentGroupName, "CodeDeploy ECS blue/green deployment group"],
      deploy_command: [
        `aws deploy create-deployment ${group} --revision "$(jq -n --rawfile appspec appspec.yaml '{revisionType: "AppSpecContent", appSpecContent: {content: $appspec}}')"`,
        "Starts a blue/green deployment of the task definition ./appspec.yaml names (README, ECS section: deploying by hand)",
      ],
      notification_topic_arn: [monitoring.topic.arn, "SNS topic for alarms"],
      pipeline_name: [release.pipeline.pipeline.name, "CodePipeline: push → image build → CodeDeployToECS blue/green deployment"],
      pipeline_console_url: [`${aws.consoleUrl}/codesuite/codepipeline/pipelines/${names.pipeline}/view?region=${region}`, "The pipeline in the console"],
      artifact_bucket: [release.artifacts.bucket.bucket, "Bucket of the pipeline's artifacts"],
      deployments_console_url: [
        `${aws.consoleUrl}/codesuite/codedeploy/applications/${names.codeDeployApplication}/deployment-groups/${names.deploymentGroup}?region=${region}`,
        "The deployment group and its deployments in the console",
      ],
      service_console_url: [
        `${aws.consoleUrl}/ecs/v2/clusters/${names.stem}/services/${names.stem}/health?region=${region}`,
        "The ECS service (task sets, tasks, events) in the console",
      ],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) new TerraformOutput(this, name, { value, description });
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return this.logicalIds.allocate(element, this);
  }
}
