import { z } from "zod";
import { ResourceNames, reservedAffix } from "../shared/naming";
import { StateSettings } from "../shared/state-backend";
import type { DeliverySettings } from "../delivery";
import type { FleetSettings } from "../fleet";
import type { NetworkSettings } from "../network";
import type { ObservabilitySettings } from "../observability";
import type { DeploymentSettings } from "../server";
import type { EcsSettings } from "../ecs";
import { EcsNames } from "../ecs/names";
import { ECS_AUTO_SCALING_KEYS, ECS_DEFAULTS, ECS_DEPLOYMENT_CONFIG_KEYS, ECS_KEY_CONTRACT, ECS_KEYS, ecsProblems, ecsSettingsShape, mergeEcs } from "./ecs";
import type { LambdaSettings } from "../lambda";
import { DELIVERY_DEFAULTS, deliveryProblems, deliverySettingsShape, releaseProblems, SourceOverrides, sourceSchema } from "./delivery";
import { CUSTOM_DEPLOYMENT_CONFIG_KEYS, DEPLOYMENT_DEFAULTS, deploymentProblems, deploymentSettingsShape } from "./deployment";
import { AMI_KEYS, CONDITION_KEYS, INSTANCE_LOG_KEYS, INSTANCE_PERMISSION_KEYS, STATEMENT_KEYS, CUSTOM_METRIC_KEYS, FLEET_DEFAULTS, fleetProblems, fleetSettingsShape, ROOT_VOLUME_KEYS, SCALING_KEYS, SCHEDULED_ACTION_KEYS } from "./fleet";
import { regionSchema } from "./kit";
import { LAMBDA_ALARM_KEYS, LAMBDA_DEFAULTS, LAMBDA_DEPLOYMENT_CONFIG_KEYS, LAMBDA_KEY_CONTRACT, LAMBDA_KEYS, lambdaProblems, lambdaSettingsShape, mergeLambda } from "./lambda";
import { ACCESS_LOG_KEYS, DOMAIN_KEYS, EGRESS_RULE_KEYS, WAF_KEYS, NETWORK_DEFAULTS, networkProblems, networkSettingsShape } from "./network";
import { CUSTOM_ALARM_KEYS, OBSERVABILITY_DEFAULTS, observabilityProblems, observabilitySettingsShape } from "./observability";
import { ConfigError, describeUnknownKey, formatIssues, formatValue } from "./problems";
import { DEFAULT_PLATFORM, Platform, platformKeyProblems, platformSchema } from "./platform";
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
export { PLATFORMS } from "./platform";
export type { Platform } from "./platform";

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
  /**
   * The CodeDeploy compute platform: `ec2` (an Auto Scaling fleet), `ecs` (a Fargate service) or
   * `lambda` (a function's alias). @default ec2
   */
  readonly platform: Platform;
  /** What an `ecs` environment runs; read only when `platform` is `ecs`. */
  readonly ecs: EcsSettings;
  /** The function, its alias and its traffic shifting; read only when `platform` is `lambda`. */
  readonly lambda: LambdaSettings;
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
      platform: DEFAULT_PLATFORM,
      ecs: ECS_DEFAULTS[profile],
      lambda: LAMBDA_DEFAULTS[profile],
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
    platform: platformSchema.optional(),
    ...ecsSettingsShape,
    ...lambdaSettingsShape,
  },
  { error: 'must be an object of settings, e.g. { "minSize": 2 }' },
);
type EnvironmentOverrides = z.infer<typeof environmentOverridesSchema>;
/** Every key an environment may set. */
export const ENVIRONMENT_SETTING_KEYS = Object.keys(environmentOverridesSchema.shape);
/** Keys that configure the EC2 estate; a Lambda environment refuses them all, an ECS one those it does not read (lambda.ts, ecs.ts). */
export const EC2_ONLY_KEYS = [
  ...Object.keys(networkSettingsShape),
  ...Object.keys(fleetSettingsShape),
  ...Object.keys(deploymentSettingsShape),
  ...Object.keys(observabilitySettingsShape).filter((key) => key !== "alarmEmail"),
  "releaseAlarmWaitMinutes",
];

/** The key contracts of the platforms other than ec2 (modules/config/lambda.ts, ecs.ts), in the order their problems are listed. */
const PLATFORM_KEY_CONTRACTS = [LAMBDA_KEY_CONTRACT, ECS_KEY_CONTRACT];

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/;
const APP_NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;

/** Keys of ours at the top of the context, but the environments (checked one by one); cdktf's own keys are left alone. */
const topLevelSchema = z.object({
  appName: z
    .string({ error: "must be a string of lowercase letters, digits and hyphens" })
    .regex(APP_NAME, "must start with a letter, end with a letter or digit, and use only lowercase letters, digits and hyphens")
    .refine((name) => !name.includes("--"), "must not contain two hyphens in a row (ELB names forbid it)")
    .optional(),
  source: sourceSchema.optional(),
  state: stateSchema.optional(),
});
const OUR_CONTEXT_KEYS = [...Object.keys(topLevelSchema.shape), "environments"];

/** Context keys cdktf itself reads or the CLI injects; not ours to reject. */
function isCdktfContextKey(key: string): boolean {
  return key.startsWith("cdktf") || key.startsWith("@cdktf/");
}

/**
 * Settings whose fields are independent lists with no default (instancePermissions): a problem in
 * one field leaves the others to the rules across the block (the IAM judgement, customer-managed
 * policies, partitions), so they come in the same run. Blocks whose rules read fields that have
 * defaults (rootVolume, scaling, …) are left out whole when one field is wrong: a default standing
 * in for the wrong value could raise a problem the user's own values do not have.
 */
const PER_FIELD_BLOCKS = ["instancePermissions"];

/**
 * Turns a cdktf context into the validated project configuration. Every independent problem is
 * reported in one run: each environment is checked on its own (an invalid name does not hide its
 * settings), and the rules across keys run on every value that passed its own check (a problem of
 * one key only silences the cross-key rules that read that key).
 * @throws ConfigError listing every problem found
 */
export function resolveConfig(rawContext: Record<string, unknown>): ProjectConfig {
  const problems: string[] = [];
  const context = withoutPrototypeKeys(rawContext, [], problems) as Record<string, unknown>;

  for (const key of Object.keys(context)) {
    if (!OUR_CONTEXT_KEYS.includes(key) && !isCdktfContextKey(key)) {
      problems.push(describeUnknownKey([], key, OUR_CONTEXT_KEYS));
    }
  }

  const ours = Object.fromEntries(Object.entries(context).filter(([key]) => OUR_CONTEXT_KEYS.includes(key)));
  const { environments: rawEnvironments, ...topLevel } = ours;
  const top = topLevelSchema.safeParse(topLevel);
  const brokenTop = new Set<string>();
  if (!top.success) {
    problems.push(...formatIssues(top.error.issues, topLevel, knownKeysAt));
    for (const issue of top.error.issues) brokenTop.add(String(issue.path[0]));
  }
  const valid = top.success ? top.data : topLevelSchema.parse(Object.fromEntries(Object.entries(topLevel).filter(([key]) => !brokenTop.has(key))));
  const appName = valid.appName ?? DEFAULT_APP_NAME;

  let entries: [string, unknown][];
  if (rawEnvironments === undefined) entries = DEFAULT_ENVIRONMENTS.map((name) => [name, {}]);
  else if (rawEnvironments === null || typeof rawEnvironments !== "object" || Array.isArray(rawEnvironments)) {
    problems.push(`environments: ${formatValue(rawEnvironments)} — must be an object mapping environment names to their settings`);
    entries = [];
  } else {
    entries = Object.entries(rawEnvironments);
    if (entries.length === 0) problems.push("environments: {} — must define at least one environment");
  }

  const environments: EnvironmentConfig[] = [];
  for (const [name, raw] of entries) {
    const path = ["environments", name];
    const nameValid = ENVIRONMENT_NAME.test(name);
    if (!nameValid) problems.push(`environments.${name}: ${JSON.stringify(name)} — environment names use lowercase letters, digits and hyphens, starting with a letter`);
    const parsed = environmentOverridesSchema.safeParse(raw);
    const broken = new Set<string>([...brokenTop]);
    let overrides: EnvironmentOverrides;
    if (parsed.success) overrides = parsed.data;
    else {
      const at = parsed.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] }));
      problems.push(...formatIssues(at, { environments: { [name]: raw } }, knownKeysAt));
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) continue; // nothing inside to check
      // A block of independent lists (PER_FIELD_BLOCKS) loses only its broken fields, so the
      // rules across its other fields still run; any other key with a problem is left out whole.
      const brokenFields = new Map<string, Set<string>>();
      for (const issue of parsed.error.issues) {
        const [key, field] = issue.path.map(String);
        const block = (raw as Record<string, unknown>)[key];
        if (PER_FIELD_BLOCKS.includes(key) && field !== undefined && block !== null && typeof block === "object" && !Array.isArray(block)) {
          brokenFields.set(key, (brokenFields.get(key) ?? new Set()).add(field));
          broken.add(field); // so that a rule across keys naming the broken field stays quiet (mentionsBroken)
        } else if (key !== undefined) broken.add(key);
        else if (issue.code === "unrecognized_keys") issue.keys.forEach((unknown) => broken.add(unknown));
      }
      const kept = Object.entries(raw)
        .filter(([key]) => !broken.has(key))
        .map(([key, value]) => [key, brokenFields.has(key) ? Object.fromEntries(Object.entries(value as object).filter(([field]) => !brokenFields.get(key)!.has(field))) : value]);
      overrides = environmentOverridesSchema.parse(Object.fromEntries(kept));
    }
    const env = mergeEnvironment(appName, name, overrides, valid.source ?? {}, valid.state);
    // Keys the platform would not read are refused; the rules across keys stay quiet about them.
    const refused = broken.has("platform") ? [] : platformKeyProblems(name, env.platform, raw as Record<string, unknown>, EC2_ONLY_KEYS, PLATFORM_KEY_CONTRACTS);
    for (const { key } of refused) broken.add(key);
    const mentionsBroken = (problem: string) => [...broken].some((key) => new RegExp(`\\b${key}\\b`).test(problem));
    const namesCheckable = nameValid && !brokenTop.has("appName");
    problems.push(...crossFieldProblems(appName, env, namesCheckable).filter((problem) => !mentionsBroken(problem)), ...refused.map(({ problem }) => problem));
    environments.push(env);
  }
  const rawOverrides = Object.fromEntries(entries.map(([name, raw]) => [name, raw !== null && typeof raw === "object" ? (raw as { source?: unknown }) : {}]));
  // A Lambda environment is a release of its own (it builds from its source); the EC2 ones form the chain.
  problems.push(...releaseProblems(environments.filter((env) => env.platform === "ec2"), rawOverrides));

  if (problems.length > 0) throw new ConfigError(problems);
  return { appName, environments };
}

/**
 * A copy of the context without `__proto__` keys, each reported: JSON.parse makes it an own key,
 * and any later assignment of it (zod's records, spreads into plain objects) would set an
 * object's prototype instead of a setting. Objects of the copy have no prototype to reach.
 */
function withoutPrototypeKeys(value: unknown, path: string[], problems: string[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => withoutPrototypeKeys(item, [...path, String(index)], problems));
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = Object.create(null);
  for (const [key, item] of Object.entries(value)) {
    if (key === "__proto__") {
      const where = [...path, key].join(".");
      problems.push(
        path.length === 1 && path[0] === "environments"
          ? `${where}: "__proto__" — environment names use lowercase letters, digits and hyphens, starting with a letter`
          : `${where}: (key) — refused: "__proto__" would set an object's prototype, not a setting`,
      );
      continue;
    }
    copy[key] = withoutPrototypeKeys(item, [...path, key], problems);
  }
  return { ...copy };
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
  const ecs = mergeEcs(defaults.ecs, overrides.ecs);
  const lambda = mergeLambda(defaults.lambda, overrides.lambda);
  const merged = { ...defaults, ...stripUndefined(overrides), profile, source, state, ecs, lambda };
  return {
    ...merged,
    name,
    names: new ResourceNames(appName, name),
    associatePublicIp: merged.associatePublicIp ?? merged.vpcId === undefined,
  };
}

/** Each concern's rules across its keys, then the names derived from appName and the environment. */
function crossFieldProblems(appName: string, env: EnvironmentConfig, namesCheckable: boolean): string[] {
  // A Lambda environment has no fleet, network or EC2 deployment of its own to check.
  const problems =
    env.platform === "lambda"
      ? [...lambdaProblems(env), ...deliveryProblems(env)]
      : [...fleetProblems(env), ...networkProblems(env), ...deploymentProblems(env), ...observabilityProblems(env), ...deliveryProblems(env), ...ecsProblems(env)];
  if (!namesCheckable) return problems;
  const all = env.platform === "ecs" ? [...env.names.all(), ...new EcsNames(env.names).all()] : env.platform === "lambda" ? env.names.lambdaAll() : env.names.all();
  // A source creates a repository or a connection, never both, and neither when one is named.
  const { source } = env;
  const created = (value: string) =>
    (value !== env.names.codeCommitRepository || (source.provider === "codecommit" && !source.repository)) &&
    (value !== env.names.sourceConnection || (source.provider === "github" && !source.connectionArn));
  const derived = all.filter(({ value }) => created(value));
  for (const { purpose, value, rule } of derived) {
    const reserved = reservedAffix(value, rule);
    if (value.length > rule.maxLength || reserved) {
      problems.push(
        `appName: "${appName}" — with environment "${env.name}" the ${purpose} "${value}" ` +
          (reserved ? `${reserved} (choose another appName or environment name)` : `has ${value.length} characters; AWS allows ${rule.maxLength} (shorten appName or the environment name)`),
      );
    }
  }
  return problems;
}

function knownKeysAt(path: PropertyKey[]): string[] {
  if (path.length === 0) return OUR_CONTEXT_KEYS;
  if (path.length === 2 && path[0] === "environments") return ENVIRONMENT_SETTING_KEYS;
  if (path.length === 3 && path[2] === "deploymentConfig") return CUSTOM_DEPLOYMENT_CONFIG_KEYS;
  if (path[2] === "ecs") {
    if (path.length === 3) return ECS_KEYS;
    return path.length === 4 ? ({ deploymentConfig: ECS_DEPLOYMENT_CONFIG_KEYS, autoScaling: ECS_AUTO_SCALING_KEYS }[String(path[3])] ?? []) : [];
  }
  if (path[2] === "lambda") {
    if (path.length === 3) return LAMBDA_KEYS;
    if (path.length === 4) return { alarms: LAMBDA_ALARM_KEYS, deploymentConfig: LAMBDA_DEPLOYMENT_CONFIG_KEYS }[String(path[3])] ?? [];
    return [];
  }
  if (path.length === 4 && path[2] === "customAlarms") return CUSTOM_ALARM_KEYS;
  if (path.length === 3 && path[2] === "ami") return AMI_KEYS;
  if (path[2] === "instancePermissions") return [INSTANCE_PERMISSION_KEYS, [], STATEMENT_KEYS, [], CONDITION_KEYS][path.length - 3] ?? [];
  if (path.length === 3 && path[2] === "rootVolume") return ROOT_VOLUME_KEYS;
  if (path.length === 3 && path[2] === "instanceLogs") return INSTANCE_LOG_KEYS;
  if (path.length === 4 && path[2] === "instanceEgress") return EGRESS_RULE_KEYS;
  if (path.length === 3 && path[2] === "domain") return DOMAIN_KEYS;
  if (path.length === 3 && path[2] === "accessLogs") return ACCESS_LOG_KEYS;
  if (path.length === 3 && path[2] === "waf") return WAF_KEYS;
  if (path[2] === "scaling") return [SCALING_KEYS, CUSTOM_METRIC_KEYS, SCHEDULED_ACTION_KEYS][path.length - 3] ?? [];
  if ((path.length === 1 || path.length === 3) && path[path.length - 1] === "source") return Object.keys(sourceSchema.shape);
  if ((path.length === 1 || path.length === 3) && path[path.length - 1] === "state") return STATE_KEYS;
  return [];
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
