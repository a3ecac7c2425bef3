import { join } from "path";
import { Construct, Node } from "constructs";
import { TerraformElement, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EnvironmentConfig } from "../modules/config";
import { AwsContext } from "../modules/shared/aws-context";
import { Network } from "../modules/network/network";
import { SecurityGroups } from "../modules/network/security-groups";
import { DeploymentRoles } from "../modules/server/roles";
import { LoadBalancer } from "../modules/network/load-balancer";
import { Fleet } from "../modules/fleet/fleet";
import { Monitoring } from "../modules/observability/monitoring";
import { BlueGreenDeployment } from "../modules/server/deployment";
import { HardenedBucket } from "../modules/shared/hardened-bucket";
import { PipelineSource } from "../modules/delivery/source";
import { BuildProject } from "../modules/delivery/build";
import { DeliveryPipeline } from "../modules/delivery/pipeline";
import { DeploymentEvents } from "../modules/observability/events";
import { InitialRevision } from "../modules/delivery/revision";
import { ReadableLogicalIds } from "../modules/shared/logical-ids";
import { configureStateBackend } from "../modules/shared/state-backend";
import { Guardrails } from "../modules/guardrails";

/** The revision CodeDeploy runs on every instance; uploaded as the first deployable revision. */
const HOOKS_BUNDLE = join(__dirname, "..", "hooks-bundle");

export interface EnvironmentStackProps {
  readonly environment: EnvironmentConfig;
}

/** One environment's complete blue/green estate. Composition only: every resource lives in a module. */
export class EnvironmentStack extends TerraformStack {
  private readonly logicalIds = new ReadableLogicalIds();

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const env = props.environment;
    const names = env.names;

    new AwsProvider(this, "aws", {
      region: env.region,
      defaultTags: [
        { tags: { Application: names.appName, Environment: env.name, ManagedBy: "cdktf", Stack: names.stem } },
      ],
    });
    configureStateBackend(this, {
      settings: env.state,
      appName: names.appName,
      environment: env.name,
      region: env.region,
      workspaceName: names.stem,
    });
    Guardrails.applyTo(this, { production: env.profile === "prod" });
    const aws = new AwsContext(this, "account", { region: env.region });

    const network = new Network(this, "network", { vpcId: env.vpcId, subnetIds: env.subnetIds });
    const securityGroups = new SecurityGroups(this, "security", {
      vpcId: network.vpcId,
      loadBalancerGroupName: names.albSecurityGroup,
      appGroupName: names.appSecurityGroup,
      ingressCidrs: env.ingressCidrs,
      appPort: env.appPort,
    });
    const artifacts = new HardenedBucket(this, "artifacts", {
      bucketName: names.artifactBucket(aws.accountId),
      forceDestroy: !env.deletionProtection,
    });
    const roles = new DeploymentRoles(this, "iam", {
      aws,
      codeDeployRoleName: names.codeDeployServiceRole,
      instanceRoleName: names.instanceRole,
      parameterPath: names.parameterPath,
      revisionBucketArns: [artifacts.bucket.arn],
    });
    const loadBalancer = new LoadBalancer(this, "load_balancer", {
      name: names.loadBalancer,
      targetGroupName: names.targetGroup,
      vpcId: network.vpcId,
      subnetIds: network.subnetIds,
      subnetPrecondition: network.spansTwoZonesCondition,
      securityGroupId: securityGroups.loadBalancerGroup.id,
      appPort: env.appPort,
      healthCheckPath: env.healthCheckPath,
      certificateArn: env.certificateArn,
      deletionProtection: env.deletionProtection,
      deregistrationDelaySeconds: env.deregistrationDelaySeconds,
    });
    const fleet = new Fleet(this, "fleet", {
      launchTemplateName: names.launchTemplate,
      seedGroupName: names.seedAutoScalingGroup,
      replacementGroupPrefix: names.codeDeployFleetPrefix,
      instanceType: env.instanceType,
      subnetIds: network.subnetIds,
      securityGroupId: securityGroups.appGroup.id,
      instanceProfileArn: roles.instanceProfile.arn,
      targetGroupArn: loadBalancer.targetGroup.arn,
      minSize: env.minSize,
      maxSize: env.maxSize,
      desiredCapacity: env.desiredCapacity,
      appPort: env.appPort,
      healthCheckPath: env.healthCheckPath,
      appName: names.appName,
      environment: env.name,
      parameterPath: names.parameterPath,
      healthCheckGracePeriodSeconds: env.healthCheckGracePeriodSeconds,
      associatePublicIp: env.associatePublicIp,
      protectSeedFromDestroy: env.deletionProtection,
    });
    if (env.associatePublicIp) {
      Guardrails.suppress(
        fleet,
        "EC2-NO-PUBLIC-IP",
        (env.vpcId === undefined ? "the default VPC has no NAT gateway" : "associatePublicIp is set: the environment's subnets have no NAT route") +
          ", so instances need a public address to reach the CodeDeploy agent bucket, SSM and package mirrors; their security group admits only the load balancer",
      );
    }
    if (!env.certificateArn) {
      Guardrails.suppress(
        loadBalancer,
        "ALB-HTTP-REDIRECT",
        "no certificateArn is configured for this environment, so there is no HTTPS to redirect to; setting one makes port 80 redirect",
      );
    }
    const monitoring = new Monitoring(this, "monitoring", {
      aws,
      topicName: names.notificationTopic,
      keyAlias: names.notificationKeyAlias,
      alarmNamePrefix: names.stem,
      loadBalancerArnSuffix: loadBalancer.loadBalancer.arnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroup.arnSuffix,
      target5xxThreshold: env.alarmTarget5xxCount,
      responseTimeP99Seconds: env.alarmResponseTimeP99Seconds,
      alarmEmail: env.alarmEmail,
      publisherRoleArns: [roles.codeDeployRole.arn],
      eventRuleArnPattern: `arn:${aws.partition}:events:${aws.region}:${aws.accountId}:rule/${names.eventRule("*")}`,
    });
    const deployment = new BlueGreenDeployment(this, "deployment", {
      applicationName: names.codeDeployApplication,
      deploymentGroupName: names.deploymentGroup,
      customDeploymentConfigName: names.customDeploymentConfig,
      serviceRoleArn: roles.codeDeployRole.arn,
      autoscalingGroups: fleet.deploymentGroupFleet,
      dependsOn: [fleet.seedGroup],
      targetGroupName: loadBalancer.targetGroup.name,
      deploymentConfig: env.deploymentConfig,
      terminationWaitMinutes: env.terminationWaitMinutes,
      alarmNames: monitoring.alarms.map((alarm) => alarm.alarmName),
      notificationTopicArn: monitoring.topic.arn,
    });

    const source = new PipelineSource(this, "source", {
      settings: env.source,
      defaultRepositoryName: names.codeCommitRepository,
      connectionName: names.sourceConnection,
    });
    const build = new BuildProject(this, "build", {
      aws,
      projectName: names.buildProject,
      roleName: names.buildRole,
      logGroupName: names.buildLogGroup,
      artifactBucketArn: artifacts.bucket.arn,
      logRetentionDays: env.logRetentionDays,
    });
    const pipeline = new DeliveryPipeline(this, "pipeline", {
      aws,
      pipelineName: names.pipeline,
      roleName: names.pipelineRole,
      triggerRoleName: names.pipelineTriggerRole,
      triggerRuleName: names.eventRule("source-push"),
      artifactBucketName: artifacts.bucket.bucket,
      artifactBucketArn: artifacts.bucket.arn,
      source,
      buildProjectName: build.project.name,
      buildProjectArn: build.project.arn,
      applicationName: deployment.application.name,
      deploymentGroupName: deployment.deploymentGroup.deploymentGroupName,
      deploymentConfigName: deployment.deploymentConfigName,
      requireApproval: env.requireApproval,
    });
    new DeploymentEvents(this, "events", {
      applicationName: deployment.application.name,
      deploymentGroupName: deployment.deploymentGroup.deploymentGroupName,
      pipelineName: pipeline.pipeline.name,
      ruleNamePrefix: names.stem,
      topicArn: monitoring.topic.arn,
      announceApprovals: env.requireApproval,
    });
    const revision = new InitialRevision(this, "revision", { bundleDirectory: HOOKS_BUNDLE, bucketName: artifacts.bucket.bucket });

    const outputs: Record<string, [string | string[], string]> = {
      url: [loadBalancer.url, "URL of the application behind the load balancer"],
      load_balancer_dns_name: [loadBalancer.loadBalancer.dnsName, "DNS name of the load balancer (CNAME/alias target)"],
      codedeploy_application_name: [deployment.application.name, "CodeDeploy application name"],
      deployment_group_name: [deployment.deploymentGroup.deploymentGroupName, "CodeDeploy blue/green deployment group name"],
      fleet_groups: [fleet.deploymentGroupFleet, "Auto Scaling group(s) serving now: the seed before the first deployment, CodeDeploy's copy after"],
      notification_topic_arn: [monitoring.topic.arn, "SNS topic for alarms and deployment notifications"],
      artifact_bucket: [artifacts.bucket.bucket, "Bucket of build artifacts and revisions"],
      initial_revision: [`s3://${artifacts.bucket.bucket}/${revision.key}`, "The hooks-bundle revision uploaded at apply time"],
      deploy_command: [
        `aws deploy create-deployment --region ${env.region} --application-name ${names.codeDeployApplication} ` +
          `--deployment-group-name ${names.deploymentGroup} --s3-location bucket=${artifacts.bucket.bucket},key=${revision.key},bundleType=zip`,
        "Starts a blue/green deployment of the uploaded revision (replace the key to deploy another zip)",
      ],
      pipeline_name: [pipeline.pipeline.name, "CodePipeline that turns a push into a blue/green deployment"],
      pipeline_console_url: [`${aws.consoleUrl}/codesuite/codepipeline/pipelines/${names.pipeline}/view?region=${env.region}`, "The pipeline in the console"],
      deployments_console_url: [
        `${aws.consoleUrl}/codesuite/codedeploy/applications/${names.codeDeployApplication}/deployment-groups/${names.deploymentGroup}?region=${env.region}`,
        "The deployment group and its deployments in the console",
      ],
      ...(source.repository
        ? { repository_clone_url: [source.repository.cloneUrlHttp, "git clone URL (HTTPS, git-remote-codecommit or credential helper)"] as [string, string] }
        : {
            source_connection_arn: [
              source.connection!.arn,
              "GitHub connection; it starts PENDING: approve it once in the console (Developer Tools → Settings → Connections)",
            ] as [string, string],
          }),
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description });
    }
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return this.logicalIds.allocate(element, this);
  }
}
