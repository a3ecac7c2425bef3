import { z } from "zod";
import { ResourceNames } from "../shared/naming";

/**
 * The configuration contract: typed defaults per environment profile, overrides from the
 * cdktf context (`cdktf.json` → `context`), and validation that reports every problem at
 * once as `<key path>: <value> — <rule>` before any stack is constructed.
 */

/** The predefined EC2/On-Premises deployment configs CodeDeploy actually has. */
export const PREDEFINED_DEPLOYMENT_CONFIGS = [
  "CodeDeployDefault.AllAtOnce",
  "CodeDeployDefault.HalfAtATime",
  "CodeDeployDefault.OneAtATime",
] as const;
export type PredefinedDeploymentConfig = (typeof PREDEFINED_DEPLOYMENT_CONFIGS)[number];

/** A stack-created deployment config: the share of the fleet that must stay healthy. */
export interface MinimumHealthyHostsConfig {
  readonly minimumHealthyHostsPercent: number;
}
export type DeploymentConfigSetting = PredefinedDeploymentConfig | MinimumHealthyHostsConfig;

/** Regions hashicorp/aws 5.100.0 knows; extend when AWS opens one. */
export const AWS_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
] as const;

/**
 * Health-check paths: an absolute path of URL-unreserved characters. The path also lands in the
 * instances' boot script and Apache configuration, so nothing a shell or Apache would interpret.
 */
export const HEALTH_CHECK_PATH = /^\/[A-Za-z0-9._~/-]*$/;
export const HEALTH_CHECK_PATH_RULE =
  "must be an absolute URL path such as /health, without query or spaces (letters, digits, . _ ~ - and /)";

export const PROFILES = ["dev", "staging", "prod"] as const;
export type Profile = (typeof PROFILES)[number];

export const SOURCE_PROVIDERS = ["codecommit", "github"] as const;

/** Where the pipeline takes the revision from. */
export interface SourceSettings {
  /** @default "codecommit" */
  readonly provider: (typeof SOURCE_PROVIDERS)[number];
  /** GitHub: `owner/name` (required). CodeCommit: the repository name. @default CodeCommit: `<appName>-<env>` */
  readonly repository?: string;
  /** @default "main" */
  readonly branch: string;
}

/** Where Terraform keeps an environment's state. */
export type StateSettings =
  | { readonly backend: "local" }
  | {
      readonly backend: "s3";
      readonly bucket: string;
      /** @default the environment's region */
      readonly region?: string;
      /** Keys are `<keyPrefix>/<env>/terraform.tfstate`. @default appName */
      readonly keyPrefix?: string;
      /** Role Terraform assumes to reach the bucket. @default none */
      readonly roleArn?: string;
    }
  | {
      readonly backend: "cloud";
      readonly organization: string;
      /** @default "app.terraform.io" */
      readonly hostname?: string;
      /** Terraform Cloud project of the workspaces. @default the organization's default project */
      readonly project?: string;
    };

/** Everything an environment can set; every field has a default from its profile. */
export interface EnvironmentSettings {
  /** Which defaults apply. @default the environment's name when it is dev, staging or prod; otherwise dev */
  readonly profile: Profile;
  readonly region: string;
  /** @default the region's default VPC */
  readonly vpcId?: string;
  /** Subnets for the load balancer and the fleet. @default every default-for-AZ subnet of the VPC */
  readonly subnetIds?: string[];
  readonly instanceType: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  /** Port the web server listens on and the target group sends traffic to. */
  readonly appPort: number;
  readonly healthCheckPath: string;
  readonly deploymentConfig: DeploymentConfigSetting;
  /** Minutes the blue fleet stays up after traffic moved, for a fast manual rollback. */
  readonly terminationWaitMinutes: number;
  /** ACM certificate for HTTPS; when set, port 80 redirects to 443. @default none (HTTP only) */
  readonly certificateArn?: string;
  /** Who may reach the load balancer. */
  readonly ingressCidrs: string[];
  /** Subscribed to the notification topic when set. @default no subscription */
  readonly alarmEmail?: string;
  readonly deletionProtection: boolean;
  /**
   * Give instances a public IP. A default VPC has no NAT gateway, so instances there need one
   * to fetch the CodeDeploy agent. @default true without `vpcId`, false with it
   */
  readonly associatePublicIp?: boolean;
  readonly healthCheckGracePeriodSeconds: number;
  readonly deregistrationDelaySeconds: number;
  /** Target 5XX responses per minute that stop a deployment and page. */
  readonly alarmTarget5xxCount: number;
  /** p99 target response time, in seconds, above which the alarm fires. */
  readonly alarmResponseTimeP99Seconds: number;
  /** A manual approval stage before the pipeline deploys. */
  readonly requireApproval: boolean;
  /** Days the build logs are kept. */
  readonly logRetentionDays: number;
  /** Pipeline source; merges over the top-level `source`. */
  readonly source: SourceSettings;
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

const COMMON_DEFAULTS = {
  region: "us-east-1",
  appPort: 80,
  healthCheckPath: "/health",
  ingressCidrs: ["0.0.0.0/0"],
  healthCheckGracePeriodSeconds: 300,
  deregistrationDelaySeconds: 30,
  alarmResponseTimeP99Seconds: 2,
  source: { provider: "codecommit", branch: "main" },
  state: { backend: "local" },
} as const;

/** Defaults per profile: prod keeps more capacity, shifts traffic half at a time and keeps blue longer. */
export const PROFILE_DEFAULTS: Record<Profile, Omit<EnvironmentSettings, "profile">> = {
  dev: {
    ...COMMON_DEFAULTS,
    ingressCidrs: [...COMMON_DEFAULTS.ingressCidrs],
    instanceType: "t3.micro",
    minSize: 1,
    maxSize: 2,
    desiredCapacity: 1,
    deploymentConfig: "CodeDeployDefault.AllAtOnce",
    terminationWaitMinutes: 5,
    deletionProtection: false,
    alarmTarget5xxCount: 20,
    requireApproval: false,
    logRetentionDays: 30,
  },
  staging: {
    ...COMMON_DEFAULTS,
    ingressCidrs: [...COMMON_DEFAULTS.ingressCidrs],
    instanceType: "t3.small",
    minSize: 2,
    maxSize: 4,
    desiredCapacity: 2,
    deploymentConfig: "CodeDeployDefault.AllAtOnce",
    terminationWaitMinutes: 30,
    deletionProtection: false,
    alarmTarget5xxCount: 10,
    requireApproval: false,
    logRetentionDays: 30,
  },
  prod: {
    ...COMMON_DEFAULTS,
    ingressCidrs: [...COMMON_DEFAULTS.ingressCidrs],
    instanceType: "t3.small",
    minSize: 3,
    maxSize: 9,
    desiredCapacity: 3,
    deploymentConfig: "CodeDeployDefault.HalfAtATime",
    terminationWaitMinutes: 120,
    deletionProtection: true,
    alarmTarget5xxCount: 5,
    requireApproval: true,
    logRetentionDays: 90,
  },
};

/** The environments a context without `environments` gets. */
export const DEFAULT_ENVIRONMENTS: readonly Profile[] = PROFILES;

// ---------------------------------------------------------------------------------------
// Schema of what a user may write. Every message states the rule; the formatter adds the
// key path and the offending value.

const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`);

const positiveNumber = (max: number) =>
  z
    .number({ error: `must be a number above 0 and at most ${max}` })
    .positive(`must be a number above 0 and at most ${max}`)
    .max(max, `must be a number above 0 and at most ${max}`);

const flag = z.boolean({ error: "must be true or false" });

const regionSchema = z.enum(AWS_REGIONS, {
  error: "must be an AWS region code such as us-east-1 or eu-west-1",
});

const cidrSchema = z
  .string({ error: "must be a CIDR block such as 203.0.113.0/24 or 2001:db8::/32" })
  .refine((value) => parseCidr(value) !== undefined, {
    error: "must be a CIDR block such as 203.0.113.0/24 or 2001:db8::/32",
  })
  .refine((value) => parseCidr(value) === undefined || canonicalCidr(value) === value, {
    error: (issue) =>
      `host bits must be zero (AWS rejects it): write ${canonicalCidr(issue.input as string)}`,
  });

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

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const sourceSchema = z
  .strictObject(
    {
      provider: z.enum(SOURCE_PROVIDERS, { error: `must be one of ${SOURCE_PROVIDERS.join(", ")}` }).optional(),
      repository: z
        .string({ error: "must be a repository name (CodeCommit) or owner/name (GitHub)" })
        .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)?$/, "must be a repository name (CodeCommit) or owner/name (GitHub)")
        .max(100, "must be at most 100 characters")
        .optional(),
      branch: z
        .string({ error: "must be a branch name" })
        .regex(/^(?!\/|.*\/\/|.*\.\.)[A-Za-z0-9._\/-]+(?<![/.])$/, "must be a git branch name such as main or release/1.2")
        .max(255, "must be at most 255 characters")
        .optional(),
    },
    { error: 'must be an object such as { "provider": "github", "repository": "owner/name", "branch": "main" }' },
  );
type SourceOverrides = z.infer<typeof sourceSchema>;

const stateSchema = z.discriminatedUnion(
  "backend",
  [
    z.strictObject({ backend: z.literal("local") }),
    z.strictObject({
      backend: z.literal("s3"),
      bucket: z
        .string({ error: "must name the S3 bucket that holds the state" })
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)"),
      region: regionSchema.optional(),
      keyPrefix: z
        .string({ error: "must be a key prefix such as webapp" })
        .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, "must be a key prefix such as webapp or teams/web, without leading or trailing /")
        .optional(),
      roleArn: z
        .string({ error: "must be an IAM role ARN" })
        .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
        .optional(),
    }),
    z.strictObject({
      backend: z.literal("cloud"),
      organization: z
        .string({ error: "must name the Terraform Cloud organization" })
        .regex(/^[A-Za-z0-9_-]+$/, "must be a Terraform Cloud organization name (letters, digits, _ and -)"),
      hostname: z
        .string({ error: "must be a hostname such as app.terraform.io" })
        .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "must be a hostname such as app.terraform.io")
        .optional(),
      project: z.string({ error: "must be a project name" }).min(1, "must not be empty").max(40, "must be at most 40 characters").optional(),
    }),
  ],
  { error: 'must be { "backend": "local" }, { "backend": "s3", "bucket": … } or { "backend": "cloud", "organization": … }' },
);

const environmentOverridesSchema = z.strictObject({
  profile: z.enum(PROFILES, { error: `must be one of ${PROFILES.join(", ")}` }).optional(),
  region: regionSchema.optional(),
  vpcId: z
    .string({ error: "must be a VPC ID such as vpc-0123456789abcdef0" })
    .regex(/^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, "must be a VPC ID such as vpc-0123456789abcdef0")
    .optional(),
  subnetIds: z
    .array(
      z
        .string({ error: "must be a subnet ID such as subnet-0123456789abcdef0" })
        .regex(/^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/, "must be a subnet ID such as subnet-0123456789abcdef0"),
      { error: "must be a list of subnet IDs" },
    )
    .min(2, "must list at least two subnets, in different Availability Zones")
    .refine((ids) => new Set(ids).size === ids.length, "must not list a subnet twice")
    .optional(),
  instanceType: z
    .string({ error: "must be an EC2 instance type such as t3.micro" })
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t3.micro")
    .optional(),
  minSize: wholeNumber(1, 100).optional(),
  maxSize: wholeNumber(1, 100).optional(),
  desiredCapacity: wholeNumber(1, 100).optional(),
  appPort: wholeNumber(1, 65535).optional(),
  healthCheckPath: z
    .string({ error: "must be an absolute URL path such as /health" })
    .max(1024, "must be at most 1024 characters (ALB limit)")
    .regex(HEALTH_CHECK_PATH, HEALTH_CHECK_PATH_RULE)
    .optional(),
  deploymentConfig: deploymentConfigSchema.optional(),
  terminationWaitMinutes: wholeNumber(0, 2880).optional(),
  certificateArn: z
    .string({ error: "must be an ACM certificate ARN" })
    .regex(
      /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
      "must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)",
    )
    .optional(),
  ingressCidrs: z
    .array(cidrSchema, { error: "must be a list of CIDR blocks" })
    .min(1, "must list at least one CIDR block (the load balancer is unreachable otherwise)")
    .optional(),
  alarmEmail: z.email({ error: "must be an email address" }).optional(),
  deletionProtection: flag.optional(),
  associatePublicIp: flag.optional(),
  healthCheckGracePeriodSeconds: wholeNumber(0, 7200).optional(),
  deregistrationDelaySeconds: wholeNumber(0, 3600).optional(),
  alarmTarget5xxCount: wholeNumber(1, 100000).optional(),
  alarmResponseTimeP99Seconds: positiveNumber(60).optional(),
  requireApproval: flag.optional(),
  logRetentionDays: z
    .number({ error: `must be one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs retention periods)` })
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      error: `must be one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs retention periods)`,
    })
    .optional(),
  source: sourceSchema.optional(),
  state: stateSchema.optional(),
}, { error: "must be an object of settings, e.g. { \"minSize\": 2 }" });
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

// ---------------------------------------------------------------------------------------

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` + problems.map((p) => `  - ${p}`).join("\n"));
    this.name = "ConfigError";
  }
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
    problems.push(...formatIssues(parsed.error.issues, ours));
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
  const source: SourceSettings = {
    ...defaults.source,
    ...stripUndefined(sharedSource),
    ...stripUndefined(overrides.source ?? {}),
  } as SourceSettings;
  const state: StateSettings = overrides.state ?? sharedState ?? defaults.state;
  const merged = { ...defaults, ...stripUndefined(overrides), profile, source, state };
  return {
    ...merged,
    name,
    names: new ResourceNames(appName, name),
    associatePublicIp: merged.associatePublicIp ?? merged.vpcId === undefined,
  };
}

function crossFieldProblems(appName: string, env: EnvironmentConfig): string[] {
  const at = (key: string) => `environments.${env.name}.${key}`;
  const problems: string[] = [];
  if (env.minSize > env.maxSize) {
    problems.push(`${at("minSize")}: ${env.minSize} — must not exceed maxSize (${env.maxSize})`);
  }
  if (env.desiredCapacity < env.minSize || env.desiredCapacity > env.maxSize) {
    problems.push(`${at("desiredCapacity")}: ${env.desiredCapacity} — must lie within [minSize, maxSize] = [${env.minSize}, ${env.maxSize}]`);
  }
  if (env.certificateArn) {
    const certRegion = env.certificateArn.split(":")[3];
    if (certRegion !== env.region) {
      problems.push(`${at("certificateArn")}: "${env.certificateArn}" — must be in the load balancer's region ${env.region}, not ${certRegion}`);
    }
  }
  if (env.source.provider === "github" && !/^[^/]+\/[^/]+$/.test(env.source.repository ?? "")) {
    problems.push(
      `${at("source.repository")}: ${formatValue(env.source.repository)} — GitHub sources need the repository as owner/name (set source.repository)`,
    );
  }
  if (env.source.provider === "codecommit" && env.source.repository?.includes("/")) {
    problems.push(`${at("source.repository")}: "${env.source.repository}" — a CodeCommit repository name has no owner/ part`);
  }
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

// ---------------------------------------------------------------------------------------
// Problem formatting

function formatIssues(issues: z.core.$ZodIssue[], input: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(issue.path);
      for (const key of issue.keys) lines.push(describeUnknownKey(issue.path, key, known));
      continue;
    }
    if (issue.code === "invalid_key") {
      // A record key (environment name) broke its rule; report the key itself.
      const key = String(issue.path[issue.path.length - 1]);
      const message = issue.issues[0]?.message ?? issue.message;
      lines.push(`${formatPath(issue.path)}: "${key}" — ${message}`);
      continue;
    }
    lines.push(`${formatPath(issue.path)}: ${formatValue(valueAt(input, issue.path))} — ${issue.message}`);
  }
  return lines;
}

function knownKeysAt(path: PropertyKey[]): string[] {
  if (path.length === 0) return OUR_CONTEXT_KEYS;
  if (path.length === 2 && path[0] === "environments") return Object.keys(environmentOverridesSchema.shape);
  if (path.length === 3 && path[2] === "deploymentConfig") return ["minimumHealthyHostsPercent"];
  if ((path.length === 1 || path.length === 3) && path[path.length - 1] === "source") return Object.keys(sourceSchema.shape);
  if ((path.length === 1 || path.length === 3) && path[path.length - 1] === "state") {
    return [...new Set(stateSchema.options.flatMap((option) => Object.keys(option.shape)))];
  }
  return [];
}

function describeUnknownKey(path: PropertyKey[], key: string, known: string[]): string {
  const suggestion = closest(key, known);
  const hint = suggestion ? `did you mean "${suggestion}"?` : `known keys: ${known.join(", ")}`;
  return `${formatPath([...path, key])}: (unknown key) — not a setting; ${hint}`;
}

function formatPath(path: PropertyKey[]): string {
  return path.length === 0 ? "(context)" : path.map(String).join(".");
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function formatValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The known key closest to a misspelling, if it is plausibly the one meant. */
export function closest(key: string, known: string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 4)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

// ---------------------------------------------------------------------------------------
// CIDR helpers

interface ParsedCidr {
  readonly version: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

function parseCidr(value: string): ParsedCidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match) return undefined;
  const prefix = Number(match[2]);
  const v4 = z.ipv4().safeParse(match[1]);
  if (v4.success) {
    if (prefix > 32) return undefined;
    const address = match[1].split(".").reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
    return { version: 4, address, prefix };
  }
  const v6 = z.ipv6().safeParse(match[1]);
  if (v6.success) {
    if (prefix > 128) return undefined;
    return { version: 6, address: ipv6ToBigInt(match[1]), prefix };
  }
  return undefined;
}

function canonicalCidr(value: string): string | undefined {
  const cidr = parseCidr(value);
  if (!cidr) return undefined;
  const bits = cidr.version === 4 ? 32 : 128;
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - cidr.prefix)) - 1n);
  const network = cidr.address & mask;
  return `${cidr.version === 4 ? bigIntToIpv4(network) : bigIntToIpv6(network)}/${cidr.prefix}`;
}

function ipv6ToBigInt(address: string): bigint {
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(missing).fill("0"), ...tailGroups];
  return groups.reduce((acc, group) => (acc << 16n) + BigInt(parseInt(group || "0", 16)), 0n);
}

function bigIntToIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".");
}

/** Compressed form (RFC 5952): the longest run of zero groups becomes "::". */
function bigIntToIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
