import { Construct, Node } from "constructs";
import { TerraformElement, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EnvironmentConfig } from "../modules/config";
import { AwsContext } from "../modules/aws-context";
import { Network } from "../modules/network";
import { SecurityGroups } from "../modules/security-groups";
import { DeploymentRoles } from "../modules/iam";
import { LoadBalancer } from "../modules/load-balancer";
import { Fleet } from "../modules/fleet";
import { Monitoring } from "../modules/monitoring";
import { BlueGreenDeployment } from "../modules/deployment";
import { ReadableLogicalIds } from "../modules/logical-ids";

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
    const aws = new AwsContext(this, "account", { region: env.region });

    const network = new Network(this, "network", { vpcId: env.vpcId, subnetIds: env.subnetIds });
    const securityGroups = new SecurityGroups(this, "security", {
      vpcId: network.vpcId,
      loadBalancerGroupName: names.albSecurityGroup,
      appGroupName: names.appSecurityGroup,
      ingressCidrs: env.ingressCidrs,
      appPort: env.appPort,
    });
    const roles = new DeploymentRoles(this, "iam", {
      aws,
      codeDeployRoleName: names.codeDeployServiceRole,
      instanceRoleName: names.instanceRole,
      parameterPath: names.parameterPath,
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

    const outputs: Record<string, [string | string[], string]> = {
      url: [loadBalancer.url, "URL of the application behind the load balancer"],
      load_balancer_dns_name: [loadBalancer.loadBalancer.dnsName, "DNS name of the load balancer (CNAME/alias target)"],
      codedeploy_application_name: [deployment.application.name, "CodeDeploy application name"],
      deployment_group_name: [deployment.deploymentGroup.deploymentGroupName, "CodeDeploy blue/green deployment group name"],
      fleet_groups: [fleet.deploymentGroupFleet, "Auto Scaling group(s) serving now: the seed before the first deployment, CodeDeploy's copy after"],
      notification_topic_arn: [monitoring.topic.arn, "SNS topic for alarms and deployment notifications"],
      deploy_command: [
        `aws deploy create-deployment --region ${env.region} --application-name ${names.codeDeployApplication} ` +
          `--deployment-group-name ${names.deploymentGroup} --s3-location bucket=<bucket>,key=<key>.zip,bundleType=zip`,
        "Starts a blue/green deployment of a revision zip uploaded to S3",
      ],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description });
    }
  }

  protected allocateLogicalId(element: TerraformElement | Node): string {
    return this.logicalIds.allocate(element, this);
  }
}
