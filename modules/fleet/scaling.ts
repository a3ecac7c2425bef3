import { Construct } from "constructs";
import { ITerraformDependable, TerraformIterator, TerraformLocal } from "cdktf";
import { AutoscalingPolicy, AutoscalingPolicyTargetTrackingConfiguration } from "@cdktf/provider-aws/lib/autoscaling-policy";
import { AutoscalingSchedule } from "@cdktf/provider-aws/lib/autoscaling-schedule";

/** Statistics a target-tracking customized metric may use (PutScalingPolicy, CustomizedMetricSpecification). */
export const CUSTOM_METRIC_STATISTICS = ["Average", "Minimum", "Maximum", "SampleCount", "Sum"] as const;

/**
 * Per-group quotas of EC2 Auto Scaling ("Quotas for Amazon EC2 Auto Scaling"): 50 scaling
 * policies and 125 scheduled actions per group; CloudWatch allows 30 dimensions per metric.
 */
export const SCALING_LIMITS = { scheduledActions: 125, metricDimensions: 30, instanceWarmupSeconds: 3600 } as const;

/** A target-tracking policy on a metric the application or the CloudWatch agent publishes. */
export interface CustomMetricTarget {
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: (typeof CUSTOM_METRIC_STATISTICS)[number];
  /** CloudWatch unit of the metric, e.g. `Percent`. @default none */
  readonly unit?: string;
  /** Fixed dimensions of the metric. @default none */
  readonly dimensions?: Record<string, string>;
  /**
   * Add the dimension `AutoScalingGroupName` = the group the policy is attached to, so each
   * fleet (seed or CodeDeploy's copy) tracks its own metric. @default false
   */
  readonly byAutoScalingGroup?: boolean;
  /** The value the policy keeps the metric at. */
  readonly targetValue: number;
}

/** A recurring scheduled action (cron, five fields) that sets the group's capacity. */
export interface ScheduledCapacity {
  /** Lowercase letters, digits and hyphens; unique within the environment. */
  readonly name: string;
  /** Unix cron: minute hour day-of-month month day-of-week, evaluated in `timeZone`. */
  readonly recurrence: string;
  /** IANA time zone; location-based zones follow daylight saving time. @default Etc/UTC */
  readonly timeZone?: string;
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly desiredCapacity?: number;
}

/** Dynamic and scheduled scaling of whichever group serves. Every key is optional; at least one policy or action is required. */
export interface ScalingSettings {
  /** Target tracking on the group's average CPU (`ASGAverageCPUUtilization`), percent. @default none */
  readonly cpuUtilizationPercent?: number;
  /** Target tracking on the load balancer's requests per target (`ALBRequestCountPerTarget`). @default none */
  readonly requestCountPerTarget?: number;
  /** Target tracking on a custom CloudWatch metric. @default none */
  readonly customMetric?: CustomMetricTarget;
  /**
   * Seconds a new instance's metrics are left out of the group's aggregate
   * (`EstimatedInstanceWarmup` of each target-tracking policy). @default 300
   */
  readonly instanceWarmupSeconds?: number;
  /** Let the target-tracking policies only scale out (scale in by schedule or by hand). @default false */
  readonly disableScaleIn?: boolean;
  /** Recurring capacity changes. @default none */
  readonly scheduledActions?: ScheduledCapacity[];
}

export interface FleetScalingProps {
  /**
   * The groups to scale: the serving group, whose name changes with every deployment. A list
   * expression evaluated at plan time; each name keys one policy instance (`for_each`).
   */
  readonly groupNames: string[];
  /** Resources the policies must be created after (the seed group). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * `app/<alb>/<id>/targetgroup/<tg>/<id>`: the production target group. Every fleet registers
   * in this one group (EC2 blue/green has no second target group), so one label serves the seed
   * and every copy. Required with `requestCountPerTarget`.
   */
  readonly requestCountResourceLabel?: string;
  readonly settings: ScalingSettings;
}

/**
 * Target-tracking policies and scheduled actions on the serving Auto Scaling group. They are
 * keyed by group name, so they follow the fleet from the seed to CodeDeploy's copies: the
 * policies of a group CodeDeploy deleted leave the state on refresh, the serving group's are
 * written (PutScalingPolicy / PutScheduledUpdateGroupAction are create-or-update calls), and
 * the groups themselves are never created, deleted or imported here.
 */
export class FleetScaling extends Construct {
  public readonly policies: AutoscalingPolicy[] = [];
  public readonly schedules: AutoscalingSchedule[] = [];
  /** `local.<id>_groups`: the groups scaled now, named once for every policy and action. */
  public readonly groups: TerraformLocal;

  constructor(scope: Construct, id: string, props: FleetScalingProps) {
    super(scope, id);
    const { settings } = props;
    this.groups = new TerraformLocal(this, "groups", props.groupNames);
    const groupNames = this.groups.asList;
    const hasPolicy = settings.cpuUtilizationPercent !== undefined || settings.requestCountPerTarget !== undefined || settings.customMetric !== undefined;
    if (!hasPolicy && (settings.scheduledActions ?? []).length === 0) {
      throw new Error("FleetScaling: configure at least one target-tracking policy or scheduled action");
    }
    if (settings.requestCountPerTarget !== undefined && !props.requestCountResourceLabel) {
      throw new Error("FleetScaling: requestCountPerTarget needs requestCountResourceLabel (the production target group)");
    }

    // One policy instance per serving group; `tracking` gets the group's name for per-group dimensions.
    const targetTracking = (id: string, policyName: string, tracking: (group: string) => AutoscalingPolicyTargetTrackingConfiguration) => {
      const groups = TerraformIterator.fromList(groupNames);
      this.policies.push(
        new AutoscalingPolicy(this, id, {
          forEach: groups,
          name: policyName,
          autoscalingGroupName: groups.value,
          policyType: "TargetTrackingScaling",
          estimatedInstanceWarmup: settings.instanceWarmupSeconds ?? 300,
          targetTrackingConfiguration: { disableScaleIn: settings.disableScaleIn ?? false, ...tracking(groups.value) },
          dependsOn: props.dependsOn,
        }),
      );
    };

    if (settings.cpuUtilizationPercent !== undefined) {
      const targetValue = settings.cpuUtilizationPercent;
      targetTracking("cpu_utilization", "cpu-utilization", () => ({
        targetValue,
        predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
      }));
    }
    if (settings.requestCountPerTarget !== undefined) {
      const targetValue = settings.requestCountPerTarget;
      targetTracking("request_count_per_target", "request-count-per-target", () => ({
        targetValue,
        predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: props.requestCountResourceLabel },
      }));
    }
    if (settings.customMetric !== undefined) {
      const metric = settings.customMetric;
      const fixed = Object.entries(metric.dimensions ?? {}).map(([name, value]) => ({ name, value }));
      targetTracking("custom_metric", "custom-metric", (group) => ({
        targetValue: metric.targetValue,
        customizedMetricSpecification: {
          namespace: metric.namespace,
          metricName: metric.metricName,
          statistic: metric.statistic,
          unit: metric.unit,
          metricDimension: metric.byAutoScalingGroup ? [...fixed, { name: "AutoScalingGroupName", value: group }] : fixed,
        },
      }));
    }

    for (const action of settings.scheduledActions ?? []) {
      const groups = TerraformIterator.fromList(groupNames);
      this.schedules.push(
        new AutoscalingSchedule(this, `scheduled_${action.name.replace(/-/g, "_")}`, {
          forEach: groups,
          scheduledActionName: action.name,
          autoscalingGroupName: groups.value,
          recurrence: action.recurrence,
          timeZone: action.timeZone ?? "Etc/UTC",
          // -1 leaves a size unchanged (the provider's "not set").
          minSize: action.minSize ?? -1,
          maxSize: action.maxSize ?? -1,
          desiredCapacity: action.desiredCapacity ?? -1,
          dependsOn: props.dependsOn,
        }),
      );
    }
  }
}
