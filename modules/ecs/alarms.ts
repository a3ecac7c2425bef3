import type { CustomAlarm } from "../observability/custom-alarms";

/**
 * Suffixes of the alarms the ECS platform adds to the three built-in ALB alarms (which watch the
 * blue target group): the same checks on the green target group, because CodeDeploy alternates
 * production traffic between the two, and the service's CPU. Custom alarms may not reuse them.
 */
export const ECS_ALARMS = ["green-target-5xx", "green-unhealthy-hosts", "service-cpu-high"] as const;

export interface EcsAlarmProps {
  readonly loadBalancerArnSuffix: string;
  /** `arn_suffix` of the second (green) target group. */
  readonly greenTargetGroupArnSuffix: string;
  readonly clusterName: string;
  readonly serviceName: string;
  /** Target 5XX responses per minute that count as breaching (as for the blue target group). */
  readonly target5xxThreshold: number;
}

/**
 * The ECS alarms as alarm specifications for `Monitoring` (which creates them beside its own,
 * publishing to the same topic under the same topic policy). Metrics: AWS/ApplicationELB per
 * target group, and AWS/ECS CPUUtilization per service (ClusterName, ServiceName), which ECS
 * publishes for every service (Amazon ECS Developer Guide, "Amazon ECS CloudWatch metrics").
 */
export function ecsAlarms(props: EcsAlarmProps): CustomAlarm[] {
  const green = { LoadBalancer: props.loadBalancerArnSuffix, TargetGroup: props.greenTargetGroupArnSuffix };
  return [
    {
      name: "green-target-5xx",
      description: `Targets of the green target group answered more than ${props.target5xxThreshold} requests per minute with 5XX. Stops and rolls back a running deployment.`,
      namespace: "AWS/ApplicationELB",
      metric: "HTTPCode_Target_5XX_Count",
      dimensions: green,
      statistic: "Sum",
      threshold: props.target5xxThreshold,
      comparison: "GreaterThanThreshold",
      period: 60,
      // Like the blue alarms: no requests is no failure of the new revision.
      treatMissingData: "notBreaching",
    },
    {
      name: "green-unhealthy-hosts",
      description: "At least one task registered in the green target group fails its health check. Stops and rolls back a running deployment.",
      namespace: "AWS/ApplicationELB",
      metric: "UnHealthyHostCount",
      dimensions: green,
      statistic: "Maximum",
      threshold: 0,
      comparison: "GreaterThanThreshold",
      period: 60,
      treatMissingData: "notBreaching",
    },
    {
      name: "service-cpu-high",
      description: "The service's tasks average above 90% of their CPU for 3 minutes. Stops and rolls back a running deployment.",
      namespace: "AWS/ECS",
      metric: "CPUUtilization",
      dimensions: { ClusterName: props.clusterName, ServiceName: props.serviceName },
      statistic: "Average",
      threshold: 90,
      comparison: "GreaterThanThreshold",
      period: 60,
      treatMissingData: "notBreaching",
    },
  ];
}
