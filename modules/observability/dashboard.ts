import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";

export interface ServiceDashboardProps {
  readonly dashboardName: string;
  readonly region: string;
  /** `arn_suffix` of the load balancer and of the production target group (the ALB metric dimensions). */
  readonly loadBalancerArnSuffix: string;
  readonly targetGroupArnSuffix: string;
  /** Name of the Terraform-created seed Auto Scaling group. */
  readonly seedGroupName: string;
  /** Name prefix of the groups CodeDeploy copies (`CodeDeploy_<deployment group>_d-`). */
  readonly replacementGroupPrefix: string;
  /** ARNs of the alarms whose state the dashboard shows. */
  readonly alarmArns: string[];
  /** p99 latency threshold (seconds), drawn as a line on the latency graph. */
  readonly responseTimeP99Seconds: number;
}

const ALB = "AWS/ApplicationELB";
const WIDTH = 12;
const HEIGHT = 6;

/**
 * The CloudWatch search expression for GroupInServiceInstances of the seed group and every
 * CodeDeploy copy. The seed is matched exactly; a copy's name `CodeDeploy_<group>_d-<id>` by the
 * composite token `CodeDeploy_<group>_d` (CloudWatch User Guide, "CloudWatch search expression
 * syntax": partial matches of consecutive tokens are case sensitive), so the graph follows the
 * fleet across deployments without naming a group that does not exist yet.
 */
export function inServiceSearch(seedGroupName: string, replacementGroupPrefix: string): string {
  const copies = replacementGroupPrefix.replace(/[-_]+$/, "");
  return (
    `SEARCH('{AWS/AutoScaling,AutoScalingGroupName} MetricName="GroupInServiceInstances" ` +
    `(AutoScalingGroupName="${seedGroupName}" OR AutoScalingGroupName=${copies})', 'Maximum', 60)`
  );
}

/**
 * One dashboard per environment: requests, 5XX (targets and load balancer), p99 latency against
 * its alarm threshold, healthy and unhealthy hosts, in-service instances of whichever groups
 * serve, and the state of every alarm that stops a deployment.
 */
export class ServiceDashboard extends Construct {
  public readonly dashboard: CloudwatchDashboard;
  /** The widgets, as written to `dashboard_body`. */
  public readonly widgets: Record<string, unknown>[];

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    if (props.alarmArns.length === 0) throw new Error("ServiceDashboard: alarmArns must not be empty");
    const lb = ["LoadBalancer", props.loadBalancerArnSuffix];
    const target = [...lb, "TargetGroup", props.targetGroupArnSuffix];
    const graph = (title: string, metrics: unknown[], extra: Record<string, unknown> = {}) => ({
      type: "metric",
      width: WIDTH,
      height: HEIGHT,
      properties: { title, region: props.region, view: "timeSeries", period: 60, metrics, ...extra },
    });

    this.widgets = [
      graph("Requests (per minute)", [[ALB, "RequestCount", ...lb, { stat: "Sum", label: "requests" }]]),
      graph("5XX responses (per minute)", [
        [ALB, "HTTPCode_Target_5XX_Count", ...target, { stat: "Sum", label: "from targets" }],
        [ALB, "HTTPCode_ELB_5XX_Count", ...lb, { stat: "Sum", label: "from the load balancer" }],
      ]),
      graph("Target response time p99 (s)", [[ALB, "TargetResponseTime", ...target, { stat: "p99", label: "p99" }]], {
        annotations: { horizontal: [{ label: "alarm threshold", value: props.responseTimeP99Seconds }] },
      }),
      graph("Hosts in the production target group", [
        [ALB, "HealthyHostCount", ...target, { stat: "Minimum", label: "healthy" }],
        [ALB, "UnHealthyHostCount", ...target, { stat: "Maximum", label: "unhealthy" }],
      ]),
      graph("In-service instances per Auto Scaling group (seed and CodeDeploy copies)", [
        [{ expression: inServiceSearch(props.seedGroupName, props.replacementGroupPrefix), id: "groups", label: "" }],
      ]),
      { type: "alarm", width: WIDTH, height: HEIGHT, properties: { title: "Alarms that stop a deployment", alarms: props.alarmArns } },
    ].map((widget, index) => ({ ...widget, x: (index % 2) * WIDTH, y: Math.floor(index / 2) * HEIGHT }));

    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.dashboardName,
      dashboardBody: JSON.stringify({ widgets: this.widgets }),
    });
  }
}
