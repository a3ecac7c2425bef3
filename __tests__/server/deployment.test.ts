import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { BlueGreenDeployment, BlueGreenDeploymentProps } from "../../modules/server/deployment";
import { synthModule } from "../support/synth";

const props: BlueGreenDeploymentProps = {
  applicationName: "shop-dev",
  deploymentGroupName: "shop-dev",
  customDeploymentConfigName: "shop-dev-min-healthy",
  serviceRoleArn: "arn:aws:iam::123456789012:role/shop-dev-codedeploy",
  autoscalingGroups: ["shop-dev-seed"],
  targetGroupName: "shop-dev-web",
  deploymentConfig: "CodeDeployDefault.HalfAtATime",
  terminationWaitMinutes: 60,
  alarmNames: ["shop-dev-target-5xx", "shop-dev-unhealthy-hosts"],
};

describe("BlueGreenDeployment", () => {
  const synth = synthModule((scope) => new BlueGreenDeployment(scope, "deployment", props));

  test("a Server application and an EC2 blue/green group with traffic control on the production target group", () => {
    expect(synth.resource("aws_codedeploy_app")).toMatchObject({ name: "shop-dev", compute_platform: "Server" });
    expect(synth.raw).toHaveResourceWithProperties(CodedeployDeploymentGroup, {
      deployment_group_name: "shop-dev",
      service_role_arn: props.serviceRoleArn,
      autoscaling_groups: ["shop-dev-seed"],
      deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
      load_balancer_info: { target_group_info: [{ name: "shop-dev-web" }] },
    });
  });

  test("copies the live group, shifts when ready, terminates blue after the wait", () => {
    expect(synth.resource("aws_codedeploy_deployment_group").blue_green_deployment_config).toEqual({
      green_fleet_provisioning_option: { action: "COPY_AUTO_SCALING_GROUP" },
      deployment_ready_option: { action_on_timeout: "CONTINUE_DEPLOYMENT" },
      terminate_blue_instances_on_deployment_success: { action: "TERMINATE", termination_wait_time_in_minutes: 60 },
    });
  });

  test("rolls back on failure and on alarm, with the alarms attached", () => {
    const group = synth.resource("aws_codedeploy_deployment_group");
    expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] });
    expect(group.alarm_configuration).toEqual({ enabled: true, alarms: props.alarmNames });
  });

  test("one path, one message: no SNS trigger, deployment state reaches the topic through the EventBridge rule only", () => {
    expect(synth.resource("aws_codedeploy_deployment_group").trigger_configuration).toBeUndefined();
  });

  test("leaves the fleet list to CodeDeploy after creation", () => {
    expect(synth.resource("aws_codedeploy_deployment_group").lifecycle).toEqual({ ignore_changes: ["autoscaling_groups"] });
  });

  test("uses a predefined config by name without creating one", () => {
    expect(synth.resource("aws_codedeploy_deployment_group").deployment_config_name).toBe("CodeDeployDefault.HalfAtATime");
    expect(synth.resources("aws_codedeploy_deployment_config")).toEqual({});
  });

  test("creates a minimum-healthy-hosts config when asked and uses it", () => {
    const custom = synthModule((scope) => new BlueGreenDeployment(scope, "d", { ...props, deploymentConfig: { minimumHealthyHostsPercent: 75 } }));
    expect(custom.resource("aws_codedeploy_deployment_config")).toMatchObject({
      deployment_config_name: "shop-dev-min-healthy",
      compute_platform: "Server",
      minimum_healthy_hosts: { type: "FLEET_PERCENT", value: 75 },
    });
    expect(custom.resource("aws_codedeploy_deployment_group").deployment_config_name).toMatch(/aws_codedeploy_deployment_config\.\w+\.deployment_config_name/);
  });

  test("creates a HOST_COUNT config when the minimum is a count", () => {
    const custom = synthModule((scope) => new BlueGreenDeployment(scope, "d", { ...props, deploymentConfig: { minimumHealthyHostsCount: 2 } }));
    expect(custom.resource("aws_codedeploy_deployment_config").minimum_healthy_hosts).toEqual({ type: "HOST_COUNT", value: 2 });
  });

  test("waits for a manual traffic switch, then stops, when trafficSwitchWaitMinutes is set", () => {
    const manual = synthModule((scope) => new BlueGreenDeployment(scope, "d", { ...props, trafficSwitchWaitMinutes: 45 }));
    expect(manual.resource("aws_codedeploy_deployment_group").blue_green_deployment_config.deployment_ready_option).toEqual({
      action_on_timeout: "STOP_DEPLOYMENT",
      wait_time_in_minutes: 45,
    });
  });

  test("keeps the blue fleet alive when asked (no termination wait is sent)", () => {
    const keep = synthModule((scope) => new BlueGreenDeployment(scope, "d", { ...props, keepBlueFleet: true }));
    expect(keep.resource("aws_codedeploy_deployment_group").blue_green_deployment_config.terminate_blue_instances_on_deployment_success).toEqual({
      action: "KEEP_ALIVE",
    });
  });

  test("installs the Auto Scaling termination hook only when enabled (unset is AWS's false)", () => {
    expect(synth.resource("aws_codedeploy_deployment_group")).not.toHaveProperty("termination_hook_enabled");
    const hooked = synthModule((scope) => new BlueGreenDeployment(scope, "d", { ...props, terminationHookEnabled: true }));
    expect(hooked.resource("aws_codedeploy_deployment_group").termination_hook_enabled).toBe(true);
  });

  test.each([
    [{ alarmNames: Array.from({ length: 11 }, (_, i) => `a${i}`) }, "BlueGreenDeployment: 11 alarms; CodeDeploy accepts at most 10 per deployment group"],
    [{ trafficSwitchWaitMinutes: -1 }, "BlueGreenDeployment: trafficSwitchWaitMinutes must be a whole number from 0 to 2880, got -1"],
    [{ deploymentConfig: { minimumHealthyHostsCount: 1.5 } }, "BlueGreenDeployment: minimumHealthyHostsCount must be a whole number from 0, got 1.5"],
    [{ deploymentConfig: "CodeDeployDefault.AllAtOnceBlueGreen" as any }, 'BlueGreenDeployment: deploymentConfig "CodeDeployDefault.AllAtOnceBlueGreen" is not a predefined EC2 config'],
    [{ deploymentConfig: { minimumHealthyHostsPercent: 120 } }, "BlueGreenDeployment: minimumHealthyHostsPercent must be a whole number from 0 to 99, got 120"],
    [{ alarmNames: [] }, "BlueGreenDeployment: alarmNames must not be empty"],
    [{ terminationWaitMinutes: 3000 }, "BlueGreenDeployment: terminationWaitMinutes must be a whole number from 0 to 2880, got 3000"],
  ])("rejects %o", (override, message) => {
    expect(() => synthModule((scope) => new BlueGreenDeployment(scope, "d", { ...props, ...override }))).toThrow(message);
  });
});
