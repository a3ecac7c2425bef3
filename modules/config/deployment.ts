import { z } from "zod";
import { MAX_WAIT_MINUTES, PREDEFINED_DEPLOYMENT_CONFIGS } from "../server/deployment";
import { flag, settingPath, wholeNumber } from "./kit";
import type { PerProfile } from "./profiles";
import type { DeploymentSettings } from "../server";

/** Switch traffic as soon as green is healthy, terminate blue after the wait, no termination hook: AWS's defaults. */
const CONTROLS = { trafficSwitchWaitMinutes: 0, keepBlueFleet: false, terminationHookEnabled: false };

/** Prod shifts traffic half at a time and keeps blue longer. */
export const DEPLOYMENT_DEFAULTS: PerProfile<DeploymentSettings> = {
  dev: { ...CONTROLS, deploymentConfig: "CodeDeployDefault.AllAtOnce", terminationWaitMinutes: 5 },
  staging: { ...CONTROLS, deploymentConfig: "CodeDeployDefault.AllAtOnce", terminationWaitMinutes: 30 },
  prod: { ...CONTROLS, deploymentConfig: "CodeDeployDefault.HalfAtATime", terminationWaitMinutes: 120 },
};

const deploymentConfigSchema = z.union(
  [
    z.enum(PREDEFINED_DEPLOYMENT_CONFIGS),
    z.strictObject({ minimumHealthyHostsPercent: wholeNumber(0, 99) }),
    z.strictObject({ minimumHealthyHostsCount: wholeNumber(0, 1000) }),
  ],
  {
    error:
      `must be one of ${PREDEFINED_DEPLOYMENT_CONFIGS.join(", ")} ` +
      `(the predefined EC2 configs), or { "minimumHealthyHostsPercent": 0-99 } or { "minimumHealthyHostsCount": n } for a custom one`,
  },
);

/** Keys of a custom deployment config, for did-you-mean hints. */
export const CUSTOM_DEPLOYMENT_CONFIG_KEYS = ["minimumHealthyHostsPercent", "minimumHealthyHostsCount"];

export const deploymentSettingsShape = {
  deploymentConfig: deploymentConfigSchema.optional(),
  terminationWaitMinutes: wholeNumber(0, MAX_WAIT_MINUTES).optional(),
  trafficSwitchWaitMinutes: wholeNumber(0, MAX_WAIT_MINUTES).optional(),
  keepBlueFleet: flag.optional(),
  terminationHookEnabled: flag.optional(),
};

/**
 * Rules across keys. A HOST_COUNT minimum the replacement fleet cannot meet fails every
 * deployment: CodeDeploy's copy starts with the serving group's capacity, at least `minSize`.
 */
export function deploymentProblems(env: DeploymentSettings & { readonly name: string; readonly minSize: number }): string[] {
  const config = env.deploymentConfig;
  if (typeof config === "object" && "minimumHealthyHostsCount" in config && config.minimumHealthyHostsCount >= env.minSize) {
    return [
      `${settingPath(env.name, "deploymentConfig.minimumHealthyHostsCount")}: ${config.minimumHealthyHostsCount} — must be less than minSize ` +
        `(${env.minSize}): a deployment needs room to take instances out of service, or it fails at once`,
    ];
  }
  return [];
}
