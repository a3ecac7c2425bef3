import { AutoscalingPolicy } from "@cdktf/provider-aws/lib/autoscaling-policy";
import { AutoscalingSchedule } from "@cdktf/provider-aws/lib/autoscaling-schedule";
import { FleetScaling, FleetScalingProps, ScalingSettings } from "../../modules/fleet/scaling";
import { synthModule } from "../support/synth";

const LABEL = "app/shop-dev/0123456789abcdef/targetgroup/shop-dev-web/0123456789abcdef";
const build = (settings: ScalingSettings, extra: Partial<FleetScalingProps> = {}) =>
  synthModule((scope) => new FleetScaling(scope, "scaling", { groupNames: ["shop-dev-seed"], requestCountResourceLabel: LABEL, settings, ...extra }));

describe("FleetScaling", () => {
  const synth = build({
    cpuUtilizationPercent: 50,
    requestCountPerTarget: 800,
    customMetric: { namespace: "CWAgent", metricName: "mem_used_percent", statistic: "Average", dimensions: { Tier: "web" }, byAutoScalingGroup: true, targetValue: 70 },
    instanceWarmupSeconds: 120,
    scheduledActions: [{ name: "weekday-morning", recurrence: "0 7 * * MON-FRI", timeZone: "Europe/Berlin", minSize: 4 }],
  });

  test("names the groups once, in a local, and keys every policy and action by group name", () => {
    const [local, ...others] = Object.keys(synth.json.locals);
    expect(others).toEqual([]);
    expect(synth.json.locals[local]).toEqual(["shop-dev-seed"]);
    const all = [...Object.values<any>(synth.resources("aws_autoscaling_policy")), ...Object.values<any>(synth.resources("aws_autoscaling_schedule"))];
    expect(all.map((r) => r.name ?? r.scheduled_action_name).sort()).toEqual(["cpu-utilization", "custom-metric", "request-count-per-target", "weekday-morning"]);
    for (const resource of all) {
      expect(resource.for_each).toBe(`\${toset(local.${local})}`);
      expect(resource.autoscaling_group_name).toBe("${each.value}");
    }
  });

  test("tracks CPU and requests per target of the one production target group, with the warm-up on each policy", () => {
    expect(synth.raw).toHaveResourceWithProperties(AutoscalingPolicy, {
      name: "cpu-utilization",
      policy_type: "TargetTrackingScaling",
      estimated_instance_warmup: 120,
      target_tracking_configuration: { disable_scale_in: false, target_value: 50, predefined_metric_specification: { predefined_metric_type: "ASGAverageCPUUtilization" } },
    });
    expect(synth.raw).toHaveResourceWithProperties(AutoscalingPolicy, {
      name: "request-count-per-target",
      target_tracking_configuration: expect.objectContaining({
        target_value: 800,
        predefined_metric_specification: { predefined_metric_type: "ALBRequestCountPerTarget", resource_label: LABEL },
      }),
    });
  });

  test("a custom metric gets the group it is attached to as a dimension when asked", () => {
    const custom = Object.values<any>(synth.resources("aws_autoscaling_policy")).find((policy) => policy.name === "custom-metric");
    expect(custom.target_tracking_configuration.customized_metric_specification.metric_dimension).toEqual([
      { name: "Tier", value: "web" },
      { name: "AutoScalingGroupName", value: "${each.value}" },
    ]);
  });

  test("a scheduled action leaves the sizes it does not set unchanged (-1) and defaults to UTC", () => {
    expect(synth.raw).toHaveResourceWithProperties(AutoscalingSchedule, {
      scheduled_action_name: "weekday-morning",
      recurrence: "0 7 * * MON-FRI",
      time_zone: "Europe/Berlin",
      min_size: 4,
      max_size: -1,
      desired_capacity: -1,
    });
    const utc = build({ scheduledActions: [{ name: "night", recurrence: "0 22 * * *", desiredCapacity: 1 }] });
    expect(utc.resource("aws_autoscaling_schedule").time_zone).toBe("Etc/UTC");
  });

  test("refuses an empty configuration and a request-count target without the target group", () => {
    expect(() => build({})).toThrow("FleetScaling: configure at least one target-tracking policy or scheduled action");
    expect(() => build({ requestCountPerTarget: 100 }, { requestCountResourceLabel: undefined })).toThrow("requestCountPerTarget needs requestCountResourceLabel");
  });
});
