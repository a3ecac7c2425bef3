import { ReleaseHealth } from "../../modules/observability/release-health";
import { synthModule } from "../support/synth";

describe("ReleaseHealth", () => {
  test("a composite in ALARM when any deployment alarm is, without actions of its own", () => {
    const synth = synthModule((scope) => new ReleaseHealth(scope, "health", { alarmName: "shop-dev-release-health", alarmNames: ["shop-dev-target-5xx", "shop-dev-unhealthy-hosts"] }));
    expect(synth.resource("aws_cloudwatch_composite_alarm")).toMatchObject({
      alarm_name: "shop-dev-release-health",
      alarm_rule: 'ALARM("shop-dev-target-5xx") OR ALARM("shop-dev-unhealthy-hosts")',
      actions_enabled: false,
    });
  });

  test("refuses an empty alarm list", () => {
    expect(() => synthModule((scope) => new ReleaseHealth(scope, "h", { alarmName: "x", alarmNames: [] }))).toThrow("ReleaseHealth: alarmNames must not be empty");
  });
});
