import { resolveConfig } from "../../modules/config";
import { problemsOf } from "../support/config";

const env = (settings: Record<string, unknown>) => ({ environments: { dev: settings } });

describe("deployment controls", () => {
  test("default to AWS's behaviour: switch when green is healthy, terminate blue after the wait, no termination hook", () => {
    for (const environment of resolveConfig({}).environments) {
      expect([environment.trafficSwitchWaitMinutes, environment.keepBlueFleet, environment.terminationHookEnabled]).toEqual([0, false, false]);
    }
  });

  test("accept a manual traffic switch, a kept blue fleet, the termination hook and a host-count minimum", () => {
    const [dev] = resolveConfig(
      env({ trafficSwitchWaitMinutes: 60, keepBlueFleet: true, terminationHookEnabled: true, minSize: 3, maxSize: 4, desiredCapacity: 3, deploymentConfig: { minimumHealthyHostsCount: 2 } }),
    ).environments;
    expect(dev).toMatchObject({ trafficSwitchWaitMinutes: 60, keepBlueFleet: true, terminationHookEnabled: true, deploymentConfig: { minimumHealthyHostsCount: 2 } });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["switch wait above 2 days", { trafficSwitchWaitMinutes: 2881 }, "environments.dev.trafficSwitchWaitMinutes: 2881 — must be a whole number from 0 to 2880"],
    ["keep flag not boolean", { keepBlueFleet: "yes" }, 'environments.dev.keepBlueFleet: "yes" — must be true or false'],
    ["hook flag not boolean", { terminationHookEnabled: 1 }, "environments.dev.terminationHookEnabled: 1 — must be true or false"],
    ["negative host count", { deploymentConfig: { minimumHealthyHostsCount: -1 } }, "environments.dev.deploymentConfig.minimumHealthyHostsCount: -1 — must be a whole number from 0 to 1000"],
    [
      "host count the fleet cannot keep",
      { minSize: 2, maxSize: 4, desiredCapacity: 2, deploymentConfig: { minimumHealthyHostsCount: 2 } },
      "environments.dev.deploymentConfig.minimumHealthyHostsCount: 2 — must be less than minSize (2): a deployment needs room to take instances out of service, or it fails at once",
    ],
    ["both minimums at once", { deploymentConfig: { minimumHealthyHostsCount: 1, minimumHealthyHostsPercent: 50 } }, "environments.dev.deploymentConfig"],
  ])("%s is refused", (_case, settings, expected) => {
    expect(problemsOf(env(settings))).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});
