import { z } from "zod";
import { ResourceNames } from "../shared/naming";
import { StateSettings } from "../shared/state-backend";
import type { DeliverySettings } from "../delivery";
import type { FleetSettings } from "../fleet";
import type { NetworkSettings } from "../network";
import type { ObservabilitySettings } from "../observability";
import type { DeploymentSettings } from "../server";
import { DELIVERY_DEFAULTS, deliveryProblems, deliverySettingsShape, SourceOverrides, sourceSchema } from "./delivery";
import { CUSTOM_DEPLOYMENT_CONFIG_KEYS, DEPLOYMENT_DEFAULTS, deploymentSettingsShape } from "./deployment";
import { CUSTOM_METRIC_KEYS, FLEET_DEFAULTS, fleetProblems, fleetSettingsShape, SCALING_KEYS, SCHEDULED_ACTION_KEYS } from "./fleet";
import { regionSchema } from "./kit";
import { NETWORK_DEFAULTS, networkProblems, networkSettingsShape } from "./network";
import { OBSERVABILITY_DEFAULTS, observabilitySettingsShape } from "./observability";
import { ConfigError, describeUnknownKey, formatIssues, formatValue } from "./problems";
import { DEFAULT_ENVIRONMENTS, PROFILES, Profile } from "./profiles";
import { STATE_DEFAULTS, STATE_KEYS, stateSchema } from "./state";

/**
 * The configuration contract: typed defaults per environment profile, overrides from the
 * cdktf context (`cdktf.json` → `context`), and validation that reports every problem at
 * once as `<key path>: <value> — <rule>` before any stack is constructed.
 *
 * Each concern owns its part (network.ts, fleet.ts, deployment.ts, observability.ts,
 * delivery.ts, state.ts: settings, schema, defaults per profile, rules across its keys); this
 * file composes them into the environment and the context.
 */

export { ConfigError } from "./problems";
export { PROFILES } from "./profiles";
export type { Profile } from "./profiles";

/** Everything an environment can set; every field has a default from its profile. */
export interface EnvironmentSettings
  extends NetworkSettings,
    FleetSettings,
    DeploymentSettings,
    ObservabilitySettings,
    DeliverySettings {
  /** Which defaults apply. @default the environment's name when it is dev, staging or prod; otherwise dev */
  readonly profile: Profile;
  readonly region: string;
  /** Terraform state; an environment's own `state` replaces the top-level one. @default local */
  readonly state: StateSettings;
}

export interface EnvironmentConfig extends EnvironmentSettings {
  readonly name: string;
  readonly names: ResourceNames;
  readonly associatePublicIp: boolean;
}

export interface ProjectConfig {
  readonly appName: string;
  readonly environments: EnvironmentConfig[];
}

export const DEFAULT_APP_NAME = "webapp";
const DEFAULT_REGION = "us-east-1";

/** Defaults per profile, composed from each concern's. */
export const PROFILE_DEFAULTS: Record<Profile, Omit<EnvironmentSettings, "profile">> = Object.fromEntries(
  PROFILES.map((profile) => [
    profile,
    {
      region: DEFAULT_REGION,
      ...NETWORK_DEFAULTS[profile],
      ...FLEET_DEFAULTS[profile],
      ...DEPLOYMENT_DEFAULTS[profile],
      ...OBSERVABILITY_DEFAULTS[profile],
      ...DELIVERY_DEFAULTS[profile],
      state: STATE_DEFAULTS[profile],
    },
  ]),
) as Record<Profile, Omit<EnvironmentSettings, "profile">>;

const environmentOverridesSchema = z.strictObject(
  {
    profile: z.enum(PROFILES, { error: `must be one of ${PROFILES.join(", ")}` }).optional(),
    region: regionSchema.optional(),
    ...networkSettingsShape,
    ...fleetSettingsShape,
    ...deploymentSettingsShape,
    ...observabilitySettingsShape,
    ...deliverySettingsShape,
    state: stateSchema.optional(),
  },
  { error: 'must be an object of settings, e.g. { "minSize": 2 }' },
);
type EnvironmentOverrides = z.infer<typeof environmentOverridesSchema>;
/** Every key an environment may set. */
export const ENVIRONMENT_SETTING_KEYS = Object.keys(environmentOverridesSchema.shape);

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/;
const APP_NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;

/** Keys of ours at the top of the context; cdktf's own keys are left alone. */
const contextSchema = z.object({
  appName: z
    .string({ error: "must be a string of lowercase letters, digits and hyphens" })
    .regex(APP_NAME, "must start with a letter, end with a letter or digit, and use only lowercase letters, digits and hyphens")
    .refine((name) => !name.includes("--"), "must not contain two hyphens in a row (ELB names forbid it)")
    .optional(),
  source: sourceSchema.optional(),
  state: stateSchema.optional(),
  environments: z
    .record(
      z.string().regex(ENVIRONMENT_NAME, "environment names use lowercase letters, digits and hyphens, starting with a letter"),
      environmentOverridesSchema,
      { error: "must be an object mapping environment names to their settings" },
    )
    .refine((envs) => Object.keys(envs).length > 0, "must define at least one environment")
    .optional(),
});
const OUR_CONTEXT_KEYS = Object.keys(contextSchema.shape);

/** Context keys cdktf itself reads or the CLI injects; not ours to reject. */
function isCdktfContextKey(key: string): boolean {
  return key.startsWith("cdktf") || key.startsWith("@cdktf/");
}

/**
 * Turns a cdktf context into the validated project configuration.
 * @throws ConfigError listing every problem found
 */
export function resolveConfig(context: Record<string, unknown>): ProjectConfig {
  const problems: string[] = [];

  for (const key of Object.keys(context)) {
    if (!OUR_CONTEXT_KEYS.includes(key) && !isCdktfContextKey(key)) {
      problems.push(describeUnknownKey([], key, OUR_CONTEXT_KEYS));
    }
  }

  const ours = Object.fromEntries(Object.entries(context).filter(([key]) => OUR_CONTEXT_KEYS.includes(key)));
  const parsed = contextSchema.safeParse(ours);
  if (!parsed.success) {
    problems.push(...formatIssues(parsed.error.issues, ours, knownKeysAt));
    throw new ConfigError(problems);
  }

  const appName = parsed.data.appName ?? DEFAULT_APP_NAME;
  const overridesByEnv: Record<string, EnvironmentOverrides> =
    parsed.data.environments ?? Object.fromEntries(DEFAULT_ENVIRONMENTS.map((name) => [name, {}]));

  const environments = Object.entries(overridesByEnv).map(([name, overrides]) =>
    mergeEnvironment(appName, name, overrides, parsed.data.source ?? {}, parsed.data.state),
  );
  for (const env of environments) problems.push(...crossFieldProblems(appName, env));

  if (problems.length > 0) throw new ConfigError(problems);
  return { appName, environments };
}

function mergeEnvironment(
  appName: string,
  name: string,
  overrides: EnvironmentOverrides,
  sharedSource: SourceOverrides,
  sharedState: StateSettings | undefined,
): EnvironmentConfig {
  const profile: Profile = overrides.profile ?? ((PROFILES as readonly string[]).includes(name) ? (name as Profile) : "dev");
  const defaults = PROFILE_DEFAULTS[profile];
  const source = {
    ...defaults.source,
    ...stripUndefined(sharedSource),
    ...stripUndefined(overrides.source ?? {}),
  } as EnvironmentSettings["source"];
  const state: StateSettings = overrides.state ?? sharedState ?? defaults.state;
  const merged = { ...defaults, ...stripUndefined(overrides), profile, source, state };
  return {
    ...merged,
    name,
    names: new ResourceNames(appName, name),
    associatePublicIp: merged.associatePublicIp ?? merged.vpcId === undefined,
  };
}

/** Each concern's rules across its keys, then the names derived from appName and the environment. */
function crossFieldProblems(appName: string, env: EnvironmentConfig): string[] {
  const problems = [...fleetProblems(env), ...networkProblems(env), ...deliveryProblems(env, formatValue)];
  for (const name of env.names.all()) {
    if (name.value.length > name.maxLength) {
      problems.push(
        `appName: "${appName}" — with environment "${env.name}" the ${name.purpose} "${name.value}" has ` +
          `${name.value.length} characters; AWS allows ${name.maxLength} (shorten appName or the environment name)`,
      );
    }
  }
  return problems;
}

function knownKeysAt(path: PropertyKey[]): string[] {
  if (path.length === 0) return OUR_CONTEXT_KEYS;
  if (path.length === 2 && path[0] === "environments") return ENVIRONMENT_SETTING_KEYS;
  if (path.length === 3 && path[2] === "deploymentConfig") return CUSTOM_DEPLOYMENT_CONFIG_KEYS;
  if (path[2] === "scaling") return [SCALING_KEYS, CUSTOM_METRIC_KEYS, SCHEDULED_ACTION_KEYS][path.length - 3] ?? (path.length === 5 ? SCHEDULED_ACTION_KEYS : []);
  if ((path.length === 1 || path.length === 3) && path[path.length - 1] === "source") return Object.keys(sourceSchema.shape);
  if ((path.length === 1 || path.length === 3) && path[path.length - 1] === "state") return STATE_KEYS;
  return [];
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
