import { z } from "zod";
import { PREDEFINED_DEPLOYMENT_CONFIGS } from "../server/deployment";
import { wholeNumber } from "./kit";
import type { PerProfile } from "./profiles";
import type { DeploymentSettings } from "../server";

/** Prod shifts traffic half at a time and keeps blue longer. */
export const DEPLOYMENT_DEFAULTS: PerProfile<DeploymentSettings> = {
  dev: { deploymentConfig: "CodeDeployDefault.AllAtOnce", terminationWaitMinutes: 5 },
  staging: { deploymentConfig: "CodeDeployDefault.AllAtOnce", terminationWaitMinutes: 30 },
  prod: { deploymentConfig: "CodeDeployDefault.HalfAtATime", terminationWaitMinutes: 120 },
};

const deploymentConfigSchema = z.union(
  [
    z.enum(PREDEFINED_DEPLOYMENT_CONFIGS),
    z.strictObject({ minimumHealthyHostsPercent: wholeNumber(0, 99) }),
  ],
  {
    error:
      `must be one of ${PREDEFINED_DEPLOYMENT_CONFIGS.join(", ")} ` +
      `(the predefined EC2 configs), or { "minimumHealthyHostsPercent": 0-99 } for a custom one`,
  },
);

/** Keys of a custom deployment config, for did-you-mean hints. */
export const CUSTOM_DEPLOYMENT_CONFIG_KEYS = ["minimumHealthyHostsPercent"];

export const deploymentSettingsShape = {
  deploymentConfig: deploymentConfigSchema.optional(),
  terminationWaitMinutes: wholeNumber(0, 2880).optional(),
};
