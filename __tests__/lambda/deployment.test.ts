import { TrafficShiftingDeployment, TrafficShiftingDeploymentProps, trafficRouting } from "../../modules/lambda/deployment";
import { synthModule } from "../support/synth";

const props: TrafficShiftingDeploymentProps = {
  applicationName: "shop-api",
  deploymentGroupName: "shop-api",
  customDeploymentConfigName: "shop-api-traffic-shift",
  serviceRoleArn: "arn:aws:iam::123456789012:role/shop-api-codedeploy",
  deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
  alarmNames: ["shop-api-errors", "shop-api-throttles", "shop-api-duration-p99"],
};

describe("TrafficShiftingDeployment", () => {
  test("a Lambda application and a traffic-controlled group with a predefined config, rolling back on failure and alarm", () => {
    const synth = synthModule((scope) => new TrafficShiftingDeployment(scope, "deployment", props));
    expect(synth.resource("aws_codedeploy_app")).toMatchObject({ name: "shop-api", compute_platform: "Lambda" });
    expect(synth.resources("aws_codedeploy_deployment_config")).toEqual({});
    const group = synth.resource("aws_codedeploy_deployment_group");
    expect(group).toMatchObject({
      deployment_group_name: "shop-api",
      deployment_config_name: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
      deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
      auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarm_configuration: { enabled: true, alarms: props.alarmNames },
    });
    // No fleet, no load balancer: the function and versions come from each deployment's AppSpec.
    expect(group.autoscaling_groups).toBeUndefined();
    expect(group.load_balancer_info).toBeUndefined();
  });

  test.each([
    ["canary", "TimeBasedCanary", "time_based_canary"],
    ["linear", "TimeBasedLinear", "time_based_linear"],
  ] as const)("a custom %s config becomes a stack-created %s config the group uses", (type, kind, block) => {
    const synth = synthModule(
      (scope) => new TrafficShiftingDeployment(scope, "deployment", { ...props, deploymentConfig: { type, percentage: 25, intervalMinutes: 2 } }),
    );
    expect(synth.resource("aws_codedeploy_deployment_config")).toMatchObject({
      deployment_config_name: "shop-api-traffic-shift",
      compute_platform: "Lambda",
      traffic_routing_config: { type: kind, [block]: { percentage: 25, interval: 2 } },
    });
    expect(synth.resource("aws_codedeploy_deployment_group").deployment_config_name).toMatch(/^\$\{aws_codedeploy_deployment_config\.deployment_config_\w+\.deployment_config_name\}$/);
  });

  test.each([
    [{ ...props, deploymentConfig: "CodeDeployDefault.AllAtOnce" as never }, /not a predefined Lambda config/],
    [{ ...props, alarmNames: [] }, /0 alarms; give 1 to 10/],
    [{ ...props, alarmNames: Array.from({ length: 11 }, (_, i) => `a${i}`) }, /11 alarms; give 1 to 10/],
  ])("refuses what CodeDeploy would refuse or what could never roll back (%#)", (bad, message) => {
    expect(() => synthModule((scope) => new TrafficShiftingDeployment(scope, "deployment", bad))).toThrow(message);
  });

  test.each([
    [{ type: "canary", percentage: 0, intervalMinutes: 5 }, /percentage must be a whole number from 1 to 99, got 0/],
    [{ type: "linear", percentage: 10, intervalMinutes: 2881 }, /intervalMinutes must be a whole number from 1 to 2880, got 2881/],
    [{ type: "blue-green", percentage: 10, intervalMinutes: 1 }, /type must be "canary" or "linear"/],
  ])("refuses a custom step out of CodeDeploy's range (%#)", (config, message) => {
    expect(() => trafficRouting(config as never)).toThrow(message);
  });
});
