import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { inServiceSearch, ServiceDashboard, ServiceDashboardProps } from "../../modules/observability/dashboard";
import { synthModule } from "../support/synth";

const props: ServiceDashboardProps = {
  dashboardName: "shop-dev",
  region: "eu-west-1",
  loadBalancerArnSuffix: "app/shop-dev/0123456789abcdef",
  targetGroupArnSuffix: "targetgroup/shop-dev-web/0123456789abcdef",
  seedGroupName: "shop-dev-seed",
  replacementGroupPrefix: "CodeDeploy_shop-dev_d-",
  alarmArns: ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-dev-target-5xx", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-dev-release-health"],
  responseTimeP99Seconds: 1.5,
};

describe("ServiceDashboard", () => {
  const synth = synthModule((scope) => new ServiceDashboard(scope, "dashboard", props));
  const body = JSON.parse(synth.resource("aws_cloudwatch_dashboard").dashboard_body);
  const byTitle = (title: string) => body.widgets.find((widget: any) => widget.properties.title === title).properties;
  const target = ["LoadBalancer", props.loadBalancerArnSuffix, "TargetGroup", props.targetGroupArnSuffix];

  test("one dashboard named after the environment, six widgets on a two-column grid", () => {
    expect(synth.raw).toHaveResourceWithProperties(CloudwatchDashboard, { dashboard_name: "shop-dev" });
    expect(body.widgets.map((w: any) => [w.x, w.y, w.width, w.height])).toEqual([
      [0, 0, 12, 6], [12, 0, 12, 6], [0, 6, 12, 6], [12, 6, 12, 6], [0, 12, 12, 6], [12, 12, 12, 6],
    ]);
  });

  test("requests, 5XX from targets and the load balancer, p99 against the alarm threshold, healthy and unhealthy hosts", () => {
    expect(byTitle("Requests (per minute)").metrics).toEqual([["AWS/ApplicationELB", "RequestCount", "LoadBalancer", props.loadBalancerArnSuffix, { stat: "Sum", label: "requests" }]]);
    expect(byTitle("5XX responses (per minute)").metrics).toEqual([
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...target, { stat: "Sum", label: "from targets" }],
      ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", props.loadBalancerArnSuffix, { stat: "Sum", label: "from the load balancer" }],
    ]);
    const latency = byTitle("Target response time p99 (s)");
    expect(latency.metrics).toEqual([["AWS/ApplicationELB", "TargetResponseTime", ...target, { stat: "p99", label: "p99" }]]);
    expect(latency.annotations).toEqual({ horizontal: [{ label: "alarm threshold", value: 1.5 }] });
    expect(byTitle("Hosts in the production target group").metrics).toEqual([
      ["AWS/ApplicationELB", "HealthyHostCount", ...target, { stat: "Minimum", label: "healthy" }],
      ["AWS/ApplicationELB", "UnHealthyHostCount", ...target, { stat: "Maximum", label: "unhealthy" }],
    ]);
    for (const widget of body.widgets.filter((w: any) => w.type === "metric")) expect(widget.properties).toMatchObject({ region: "eu-west-1", period: 60 });
  });

  test("in-service instances come from a search over the seed and CodeDeploy's copies, not fixed group names", () => {
    const expression =
      `SEARCH('{AWS/AutoScaling,AutoScalingGroupName} MetricName="GroupInServiceInstances" ` +
      `(AutoScalingGroupName="shop-dev-seed" OR AutoScalingGroupName=CodeDeploy_shop-dev_d)', 'Maximum', 60)`;
    expect(inServiceSearch("shop-dev-seed", "CodeDeploy_shop-dev_d-")).toBe(expression);
    expect(byTitle("In-service instances per Auto Scaling group (seed and CodeDeploy copies)").metrics).toEqual([[{ expression, id: "groups", label: "" }]]);
  });

  test("shows the state of every given alarm", () => {
    const widget = body.widgets.find((w: any) => w.type === "alarm");
    expect(widget.properties).toEqual({ title: "Alarms that stop a deployment", alarms: props.alarmArns });
  });

  test("refuses a dashboard without alarms", () => {
    expect(() => synthModule((scope) => new ServiceDashboard(scope, "d", { ...props, alarmArns: [] }))).toThrow("ServiceDashboard: alarmArns must not be empty");
  });
});
