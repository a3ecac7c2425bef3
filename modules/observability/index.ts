import { Construct } from "constructs";
import type { LoadBalancer } from "../network/load-balancer";
import { AwsContext } from "../shared/aws-context";
import { ResourceNames } from "../shared/naming";
import type { CustomAlarm } from "./custom-alarms";
import { ServiceDashboard } from "./dashboard";
import { DeploymentEvents, deploymentEventRuleNames } from "./events";
import { Monitoring } from "./monitoring";
import { ReleaseHealth } from "./release-health";

/** Alarms that stop a deployment, and who hears about them. */
export interface ObservabilitySettings {
  /** Subscribed to the notification topic when set. @default no subscription */
  readonly alarmEmail?: string;
  /** Target 5XX responses per minute that stop a deployment and page. */
  readonly alarmTarget5xxCount: number;
  /** p99 target response time, in seconds, above which the alarm fires. */
  readonly alarmResponseTimeP99Seconds: number;
  /** More alarms that page and stop a deployment, from the configuration. */
  readonly customAlarms: CustomAlarm[];
}

export interface ObservabilityProps {
  readonly aws: AwsContext;
  readonly names: ResourceNames;
  readonly settings: ObservabilitySettings;
  /** The load balancer whose target metrics the alarms watch (there is no AWS/CodeDeploy namespace). */
  readonly loadBalancer: LoadBalancer;
  /**
   * `announce` will also announce manual approvals waiting in the pipeline (the topic policy admits
   * exactly the rules that will exist). @default false
   */
  readonly announceApprovals?: boolean;
}

/** What `announce` reports: the deployment group and the pipeline of the environment. */
export interface AnnouncementProps {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly pipelineName: string;
}

/**
 * Observability: the alarms that stop and roll back a deployment (built-in and configured), their
 * composite for the pipeline, the dashboard, the encrypted notification topic (and its email
 * subscription), and, once the pipeline exists, the EventBridge rules that announce deployments
 * and pipeline failures on that topic: the one path deployment state takes to it.
 *
 * A composition over `scope`, not a node of its own: `monitoring` and `events` stay directly
 * under the stack, so Terraform addresses do not depend on how the code is grouped.
 */
export class Observability {
  public readonly monitoring: Monitoring;
  public readonly dashboard: ServiceDashboard;
  /** Composite of the deployment alarms, for the pipeline's stage conditions. */
  public readonly releaseHealth: ReleaseHealth;
  private readonly scope: Construct;
  private readonly rules: { readonly ruleNamePrefix: string; readonly announceApprovals: boolean };

  constructor(scope: Construct, props: ObservabilityProps) {
    const { aws, names, settings } = props;
    this.scope = scope;
    this.rules = { ruleNamePrefix: names.stem, announceApprovals: props.announceApprovals ?? false };
    this.monitoring = new Monitoring(scope, "monitoring", {
      aws,
      topicName: names.notificationTopic,
      keyAlias: names.notificationKeyAlias,
      alarmNamePrefix: names.stem,
      loadBalancerArnSuffix: props.loadBalancer.loadBalancer.arnSuffix,
      targetGroupArnSuffix: props.loadBalancer.targetGroup.arnSuffix,
      target5xxThreshold: settings.alarmTarget5xxCount,
      responseTimeP99Seconds: settings.alarmResponseTimeP99Seconds,
      alarmEmail: settings.alarmEmail,
      customAlarms: settings.customAlarms,
      eventRuleArns: deploymentEventRuleNames(this.rules).map((rule) => `arn:${aws.partition}:events:${aws.region}:${aws.accountId}:rule/${rule}`),
    });
    this.releaseHealth = new ReleaseHealth(scope, "release_health", { alarmName: names.releaseHealthAlarm, alarmNames: this.alarmNames });
    this.dashboard = new ServiceDashboard(scope, "dashboard", {
      dashboardName: names.dashboard,
      region: aws.region,
      loadBalancerArnSuffix: props.loadBalancer.loadBalancer.arnSuffix,
      targetGroupArnSuffix: props.loadBalancer.targetGroup.arnSuffix,
      seedGroupName: names.seedAutoScalingGroup,
      replacementGroupPrefix: names.codeDeployFleetPrefix,
      alarmArns: [...this.monitoring.alarms.map((alarm) => alarm.arn), this.releaseHealth.alarm.arn],
      responseTimeP99Seconds: settings.alarmResponseTimeP99Seconds,
    });
  }

  /** Names of the alarms a deployment group stops and rolls back on. */
  get alarmNames(): string[] {
    return this.monitoring.alarms.map((alarm) => alarm.alarmName);
  }

  get topicArn(): string {
    return this.monitoring.topic.arn;
  }

  /** Announces the deployment group's and the pipeline's state changes on the topic (construct `events`). */
  announce(props: AnnouncementProps): DeploymentEvents {
    return new DeploymentEvents(this.scope, "events", { ...props, ...this.rules, topicArn: this.topicArn });
  }
}
