import { z } from "zod";
import { flag, logRetentionDays, positiveNumber, settingPath, wholeNumber } from "./kit";
import type { PerProfile } from "./profiles";
import type { FleetSettings } from "../fleet";
import { instanceTypeProblem } from "../fleet/instance-types";
import { CUSTOM_METRIC_STATISTICS, SCALING_LIMITS } from "../fleet/scaling";
import { ROOT_VOLUME_TYPES, rootVolumeProblems } from "../fleet/image";
import { BOOTSTRAP_MODES } from "../fleet/user-data";
import { applicationListSids, applicationStatementSid, PARAMETER_PATH, PARAMETER_PATH_MAX_LEVELS, SECRET_ARN } from "../server/roles";
import { judgeIdentityPolicy, judgeManagedPolicyArn } from "../guardrails/judge";
import { partitionOf } from "../shared/aws-context";

/**
 * Instance logs are on by default in prod only: blue/green replaces every instance on every
 * deployment and terminates the old fleet, and a failed deployment's green fleet, with their logs;
 * production keeps why a boot or a hook failed. Dev and staging keep the agent and the ingestion
 * cost away unless asked.
 */
export const FLEET_DEFAULTS: PerProfile<FleetSettings> = {
  dev: { instanceType: "t3.micro", minSize: 1, maxSize: 2, desiredCapacity: 1, healthCheckGracePeriodSeconds: 300, bootstrap: "full", instanceLogs: { enabled: false } },
  staging: { instanceType: "t3.small", minSize: 2, maxSize: 4, desiredCapacity: 2, healthCheckGracePeriodSeconds: 300, bootstrap: "full", instanceLogs: { enabled: false } },
  prod: { instanceType: "t3.small", minSize: 3, maxSize: 9, desiredCapacity: 3, healthCheckGracePeriodSeconds: 300, bootstrap: "full", instanceLogs: { enabled: true } },
};

/**
 * Unix cron as EC2 Auto Scaling reads it. PutScheduledUpdateGroupAction "Recurrence" (Amazon EC2 Auto
 * Scaling API Reference): "in Unix cron syntax format ... five fields separated by white spaces:
 * [Minute] [Hour] [Day_of_Month] [Month_of_Year] [Day_of_Week]", pointing at crontab(5) for the
 * format. Each field is `*`, a value or a range `a-b`, optionally stepped `/n`, in a comma-separated
 * list; the values lie in crontab's ranges below, names case-insensitive. Day-of-week stops at 6:
 * 7 is Sunday only in some crons, and 0 says the same everywhere.
 */
const CRON_FIELDS: ReadonlyArray<{ field: string; min: number; max: number; names?: readonly string[] }> = [
  { field: "minute", min: 0, max: 59 },
  { field: "hour", min: 0, max: 23 },
  { field: "day-of-month", min: 1, max: 31 },
  { field: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { field: "day-of-week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];
const CRON_SHAPE = "must be a cron expression of five fields (minute hour day-of-month month day-of-week), e.g. 0 8 * * MON-FRI";
const CRON_ITEM = /^(?:(\*)|([0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?)(?:\/([0-9]+))?$/;

/** The rule a recurrence breaks (shape first, then the first field out of range), or undefined. */
function cronProblem(value: string): string | undefined {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) return CRON_SHAPE;
  for (const [index, text] of fields.entries()) {
    const { field, min, max, names } = CRON_FIELDS[index];
    const allowed = `${min}-${max}${names ? ` or ${names[0]}-${names[names.length - 1]}` : ""}`;
    const valueOf = (token: string): number | undefined => {
      if (/^[0-9]+$/.test(token)) {
        const number = Number(token);
        return number >= min && number <= max ? number : undefined;
      }
      const at = names?.indexOf(token.toUpperCase()) ?? -1;
      return at < 0 ? undefined : min + at;
    };
    for (const item of text.split(",")) {
      const match = CRON_ITEM.exec(item);
      if (!match) return `${field} "${text}" is not a cron field: use *, a value, a range a-b, a step /n, lists a,b`;
      const [, star, from, to, step] = match;
      if (!star) {
        const first = valueOf(from);
        const last = to === undefined ? first : valueOf(to);
        if (first === undefined || last === undefined) return `${field} "${text}" is out of range: values must be ${allowed}`;
        if (first > last) return `${field} "${text}": a range must run from low to high`;
      }
      if (step !== undefined && Number(step) < 1) return `${field} "${text}": a step must be at least 1`;
    }
  }
  return undefined;
}
/** IANA names, as the Auto Scaling console lists them; Node's ICU knows the same database. */
const TIME_ZONES = new Set([...Intl.supportedValuesOf("timeZone"), "Etc/UTC", "UTC"]);

const NAME = /^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/;
const capacity = wholeNumber(0, 100).optional();

const scheduledActionSchema = z.strictObject(
  {
    name: z.string({ error: "must be a name of lowercase letters, digits and hyphens" }).max(255).regex(NAME, "must be a name of lowercase letters, digits and hyphens"),
    recurrence: z.string({ error: "must be a cron expression of five fields, e.g. 0 8 * * MON-FRI" }).superRefine((value, context) => {
      const problem = cronProblem(value);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
    timeZone: z
      .string({ error: "must be an IANA time zone such as Europe/Berlin or Etc/UTC" })
      .refine((zone) => TIME_ZONES.has(zone), "must be an IANA time zone such as Europe/Berlin or Etc/UTC")
      .optional(),
    minSize: capacity,
    maxSize: capacity,
    desiredCapacity: capacity,
  },
  { error: 'must be { "name", "recurrence", "timeZone"?, "minSize"?, "maxSize"?, "desiredCapacity"? }' },
);

const scalingSchema = z.strictObject(
  {
    cpuUtilizationPercent: positiveNumber(100).optional(),
    requestCountPerTarget: positiveNumber(1_000_000).optional(),
    customMetric: z
      .strictObject(
        {
          namespace: z
            .string({ error: "must be a CloudWatch namespace" })
            .min(1, "must be a CloudWatch namespace")
            .max(255, "must be a CloudWatch namespace of at most 255 characters")
            .refine((ns) => ns !== "AWS/CodeDeploy", "CodeDeploy publishes no CloudWatch metrics: there is no AWS/CodeDeploy namespace"),
          metricName: z.string({ error: "must be a metric name" }).min(1, "must be a metric name").max(255, "must be a metric name of at most 255 characters"),
          statistic: z.enum(CUSTOM_METRIC_STATISTICS, { error: `must be one of ${CUSTOM_METRIC_STATISTICS.join(", ")}` }),
          unit: z.string({ error: "must be a CloudWatch unit such as Percent" }).optional(),
          dimensions: z
            .record(z.string(), z.string({ error: "dimension values must be strings" }), { error: "must map dimension names to values" })
            .refine((d) => Object.keys(d).length <= SCALING_LIMITS.metricDimensions, `CloudWatch allows at most ${SCALING_LIMITS.metricDimensions} dimensions`)
            .optional(),
          byAutoScalingGroup: flag.optional(),
          targetValue: positiveNumber(1e9),
        },
        { error: 'must be { "namespace", "metricName", "statistic", "targetValue", ... }' },
      )
      .optional(),
    instanceWarmupSeconds: wholeNumber(0, SCALING_LIMITS.instanceWarmupSeconds).optional(),
    disableScaleIn: flag.optional(),
    scheduledActions: z
      .array(scheduledActionSchema, { error: "must be a list of scheduled actions" })
      .max(SCALING_LIMITS.scheduledActions, `EC2 Auto Scaling allows at most ${SCALING_LIMITS.scheduledActions} scheduled actions per group`)
      .optional(),
  },
  { error: 'must be an object of scaling settings, e.g. { "cpuUtilizationPercent": 50 }' },
);
/** Keys of `scaling`, for did-you-mean hints. */
export const SCALING_KEYS = Object.keys(scalingSchema.shape);
export const SCHEDULED_ACTION_KEYS = Object.keys(scheduledActionSchema.shape);
export const CUSTOM_METRIC_KEYS = ["namespace", "metricName", "statistic", "unit", "dimensions", "byAutoScalingGroup", "targetValue"];

/*
 * AMI IDs are `ami-` and 8 or 17 hex digits (EC2 resource IDs, "Resource IDs", Amazon EC2 User
 * Guide). Parameter names: letters, digits and `_ . - /`, a hierarchy begins with "/", at most 1011
 * characters ("Creating Systems Manager parameters", Systems Manager User Guide). AMI names: 3–128 characters of letters, digits, `( ) [ ] space . / - ' @ _`
 * (RegisterImage, Name), here with the filter's `*` and `?` wildcards. Owners: account IDs or the
 * aliases `self`, `amazon`, `aws-marketplace` (DescribeImages, Owner).
 */
const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const PARAMETER_NAME = /^(?:\/[A-Za-z0-9_.-]+)+$|^[A-Za-z0-9_.-]+$/;
const AMI_NAME_FILTER = /^[A-Za-z0-9()[\] ./'@_*?-]{1,128}$/;
const AMI_OWNER = /^(?:\d{12}|self|amazon|aws-marketplace)$/;

const amiSchema = z.strictObject(
  {
    id: z.string({ error: "must be an AMI ID (ami-…)" }).regex(AMI_ID, "must be an AMI ID: ami- and 8 or 17 hexadecimal digits").optional(),
    ssmParameter: z
      .string({ error: "must be an SSM parameter name such as /golden/webapp/ami" })
      .max(1011, "must be an SSM parameter name of at most 1011 characters")
      .regex(PARAMETER_NAME, "must be an SSM parameter name such as /golden/webapp/ami (letters, digits, _ . - and / between levels)")
      .optional(),
    owners: z
      .array(z.string({ error: "must be an account ID or self, amazon, aws-marketplace" }).regex(AMI_OWNER, "must be a 12-digit account ID or self, amazon, aws-marketplace"), {
        error: 'must be a list of owners, e.g. ["123456789012"]',
      })
      .min(1, "must name at least one owner")
      .optional(),
    name: z
      .string({ error: "must be an AMI name filter such as golden-webapp-*" })
      .regex(AMI_NAME_FILTER, "must be an AMI name filter of up to 128 letters, digits, ( ) [ ] space . / - ' @ _ and the wildcards * ?")
      .optional(),
  },
  { error: 'must be { "id" }, { "ssmParameter" } or { "owners", "name" }' },
);
export const AMI_KEYS = Object.keys(amiSchema.shape);

const rootVolumeSchema = z.strictObject(
  {
    sizeGiB: wholeNumber(1, 65_536).optional(),
    type: z.enum(ROOT_VOLUME_TYPES, { error: `must be one of ${ROOT_VOLUME_TYPES.join(", ")} (st1 and sc1 cannot boot an instance)` }).optional(),
    iops: wholeNumber(100, 256_000).optional(),
    throughput: wholeNumber(125, 1_000).optional(),
  },
  { error: 'must be { "sizeGiB"?, "type"?, "iops"?, "throughput"? }' },
);
export const ROOT_VOLUME_KEYS = Object.keys(rootVolumeSchema.shape);

const instanceLogsSchema = z
  .strictObject(
    { enabled: flag.optional(), retentionDays: logRetentionDays.optional() },
    { error: 'must be { "enabled"?, "retentionDays"? }' },
  )
  // Writing the object asks for the logs; the retention defaults to logRetentionDays.
  .transform((logs) => ({ enabled: logs.enabled ?? true, ...(logs.retentionDays === undefined ? {} : { retentionDays: logs.retentionDays }) }));
export const INSTANCE_LOG_KEYS = ["enabled", "retentionDays"];

/**
 * Why a mixed-instances fleet is refused (README "What CodeDeploy copies"): nothing in the
 * CodeDeploy documentation says COPY_AUTO_SCALING_GROUP carries a MixedInstancesPolicy (or
 * capacity rebalancing) into the copy, while it does document what the copy needs for a
 * launch template; a copy without the policy would silently run every instance on demand, of
 * the launch template's one type.
 */
export const MIXED_INSTANCES_REFUSAL =
  "not supported: CodeDeploy's COPY_AUTO_SCALING_GROUP is not documented to carry a MixedInstancesPolicy (instance types, Spot, capacity rebalance) into CodeDeploy_<group>_d-*, so after the first deployment the fleet could silently become one on-demand type (see README: What CodeDeploy copies); use instanceType";

/** KMS key ARNs: an alias cannot be granted in IAM (the key's ARN is what kms:Decrypt is authorized against). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f-]{36})$/;
const KMS_KEY_ARN_RULE = "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); an alias cannot be granted in IAM";
const kmsKeyArn = z.string({ error: "must be a KMS key ARN" }).regex(KMS_KEY_ARN, KMS_KEY_ARN_RULE);

/**
 * IAM's grammar for what a statement names (IAM JSON policy elements reference): actions
 * `service:Action` with `*`/`?` wildcards (or `*`, which the guardrails then refuse, naming the
 * rule), resources `*` or ARNs, condition operators and keys as IAM spells them.
 */
const ACTION = /^(?:\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
const RESOURCE = /^(?:\*|arn:[^\s]+)$/;
/**
 * IAM's condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators"):
 * string, numeric, date, Boolean, binary, IP address and ARN ones, each with an optional
 * `IfExists` and a set qualifier `ForAnyValue:`/`ForAllValues:`, and `Null`. IAM refuses a policy
 * with any other (MalformedPolicyDocument).
 */
const CONDITION_OPERATOR =
  /^(?:(?:ForAnyValue:|ForAllValues:)?(?:String(?:Not)?Equals(?:IgnoreCase)?|String(?:Not)?Like|Numeric(?:Not)?Equals|Numeric(?:LessThan|GreaterThan)(?:Equals)?|Date(?:Not)?Equals|Date(?:LessThan|GreaterThan)(?:Equals)?|Bool|BinaryEquals|(?:Not)?IpAddress|Arn(?:Not)?(?:Equals|Like))(?:IfExists)?|Null)$/;
/** Managed policies a role may have attached: IAM quota "Managed policies per role", 10 by default, at most 20 when raised. */
export const MAX_MANAGED_POLICIES_PER_ROLE = 20;
const MANAGED_POLICY_ARN = /^arn:(aws[a-z-]*):iam::(aws|\d{12}):policy\/[\w+=,.@/-]{1,512}$/;

const statementSchema = z.strictObject(
  {
    sid: z.string({ error: "must be a statement ID of letters and digits" }).regex(/^[A-Za-z0-9]{1,100}$/, "must be a statement ID of letters and digits (IAM Sid)").optional(),
    effect: z.enum(["Allow", "Deny"], { error: "must be Allow or Deny" }).optional(),
    actions: z
      .array(z.string({ error: "must be an action such as s3:GetObject" }).regex(ACTION, "must be an IAM action such as s3:GetObject (service:Action, * and ? as wildcards)"), {
        error: 'must be a list of actions, e.g. ["s3:GetObject"]',
      })
      .min(1, "must list at least one action"),
    resources: z
      .array(z.string({ error: "must be an ARN" }).regex(RESOURCE, "must be an ARN (arn:<partition>:<service>:…) or *"), { error: 'must be a list of ARNs, e.g. ["arn:aws:s3:::shop-media/*"]' })
      .min(1, "must list at least one resource"),
    conditions: z
      .array(
        z.strictObject(
          {
            test: z
              .string({ error: "must be a condition operator such as StringEquals" })
              .regex(CONDITION_OPERATOR, "must be an IAM condition operator such as StringEquals, ArnLike or ForAnyValue:StringLike (IAM JSON policy elements: Condition operators)"),
            variable: z.string({ error: "must be a condition key such as aws:ResourceTag/app" }).regex(/^[A-Za-z0-9:/_.-]+$/, "must be a condition key such as aws:ResourceTag/app"),
            values: z.array(z.string({ error: "must be a string" }), { error: "must be a list of values" }).min(1, "must list at least one value"),
          },
          { error: 'must be { "test", "variable", "values" }' },
        ),
        { error: "must be a list of conditions" },
      )
      .optional(),
  },
  { error: 'must be { "actions", "resources", "sid"?, "effect"?, "conditions"? }' },
);
export const STATEMENT_KEYS = Object.keys(statementSchema.shape);
export const CONDITION_KEYS = ["test", "variable", "values"];

const uniqueList = <T extends z.ZodTypeAny>(item: T, noun: string) =>
  z
    .array(item, { error: `must be a list of ${noun}` })
    .min(1, `must list at least one (omit the key for none)`)
    .refine((items) => new Set(items).size === items.length, `must not list one twice`);

const instancePermissionsSchema = z.strictObject(
  {
    managedPolicyArns: uniqueList(
      z.string({ error: "must be an IAM policy ARN" }).regex(MANAGED_POLICY_ARN, "must be an IAM policy ARN (arn:aws:iam::aws:policy/<name>)"),
      "policy ARNs",
    )
      .refine((arns) => arns.length <= MAX_MANAGED_POLICIES_PER_ROLE, `IAM attaches at most ${MAX_MANAGED_POLICIES_PER_ROLE} managed policies to a role (quota, 10 by default)`)
      .optional(),
    statements: z.array(statementSchema, { error: "must be a list of IAM statements" }).min(1, "must list at least one statement (omit the key for none)").optional(),
    secretArns: uniqueList(
      z
        .string({ error: "must be a Secrets Manager secret ARN" })
        .regex(
          SECRET_ARN,
          "must be a Secrets Manager secret ARN ending in the 6 characters Secrets Manager appends (…:secret:<name>-AbCdEf), or a partial ARN ending in -?????? (exactly those six: a secret recreated under the name stays readable); a name without either matches no secret",
        ),
      "secret ARNs",
    ).optional(),
    parameterPaths: uniqueList(
      z
        .string({ error: "must be an SSM parameter path such as /shared/db/" })
        .max(1011, "must be at most 1011 characters (SSM parameter names)")
        .regex(PARAMETER_PATH, 'must be an SSM parameter path such as /shared/db/: "/", levels of letters, digits and _ . -, and a trailing "/" (without it /shared/db would also grant /shared/db-other)')
        .refine((path) => path.split("/").length - 2 <= PARAMETER_PATH_MAX_LEVELS, `must be at most ${PARAMETER_PATH_MAX_LEVELS} levels deep (SSM parameter hierarchies)`)
        .refine((path) => !/^\/(aws|ssm)/i.test(path), 'must not begin with aws or ssm: SSM reserves those prefixes (public parameters such as /aws/service/ need no grant)'),
      "parameter paths",
    ).optional(),
    kmsKeyArns: uniqueList(kmsKeyArn, "KMS key ARNs").optional(),
  },
  { error: 'must be { "managedPolicyArns"?, "statements"?, "secretArns"?, "parameterPaths"?, "kmsKeyArns"? }' },
);
export const INSTANCE_PERMISSION_KEYS = Object.keys(instancePermissionsSchema.shape);

export const fleetSettingsShape = {
  instanceType: z
    .string({ error: "must be an EC2 instance type such as t3.micro" })
    .refine((type) => instanceTypeProblem(type) === undefined, { error: (issue) => instanceTypeProblem(issue.input as string) })
    .optional(),
  minSize: wholeNumber(1, 100).optional(),
  maxSize: wholeNumber(1, 100).optional(),
  desiredCapacity: wholeNumber(1, 100).optional(),
  associatePublicIp: flag.optional(),
  healthCheckGracePeriodSeconds: wholeNumber(0, 7200).optional(),
  parameterKmsKeyArn: kmsKeyArn.optional(),
  instancePermissions: instancePermissionsSchema.optional(),
  bootstrap: z
    .enum(BOOTSTRAP_MODES, { error: `must be one of ${BOOTSTRAP_MODES.join(", ")}: what the user data installs (full: httpd, Ruby, the agent; agent-only; none: the image has the agent)` })
    .optional(),
  ami: amiSchema.optional(),
  rootVolume: rootVolumeSchema.optional(),
  instanceLogs: instanceLogsSchema.optional(),
  scaling: scalingSchema.optional(),
  mixedInstancesPolicy: z.never({ error: MIXED_INSTANCES_REFUSAL }).optional(),
};

/**
 * Rules across keys: minSize ≤ desiredCapacity ≤ maxSize (desiredCapacity is judged once the range
 * is not empty); the parameter key is in the environment's region; no `associatePublicIp: false`
 * in the default VPC (it has no NAT gateway: instances without a public IP cannot reach the
 * CodeDeploy agent bucket, SSM or package mirrors, so they never bootstrap).
 */
export function fleetProblems(env: FleetSettings & { readonly name: string; readonly region: string; readonly vpcId?: string }): string[] {
  const at = (key: string) => settingPath(env.name, key);
  const problems: string[] = [];
  if (env.minSize > env.maxSize) {
    // No desiredCapacity line besides: no value lies within an empty range, and fixing the range
    // is the user's next step, after which desiredCapacity is judged against it.
    problems.push(`${at("minSize")}: ${env.minSize} — must not exceed maxSize (${env.maxSize})`);
  } else if (env.desiredCapacity < env.minSize || env.desiredCapacity > env.maxSize) {
    problems.push(`${at("desiredCapacity")}: ${env.desiredCapacity} — must lie within [minSize, maxSize] = [${env.minSize}, ${env.maxSize}]`);
  }
  if (env.parameterKmsKeyArn) {
    const keyRegion = env.parameterKmsKeyArn.split(":")[3];
    if (keyRegion !== env.region) {
      problems.push(`${at("parameterKmsKeyArn")}: "${env.parameterKmsKeyArn}" — must be in the parameters' region ${env.region}, not ${keyRegion}`);
    }
  }
  if (env.associatePublicIp === false && env.vpcId === undefined) {
    problems.push(
      `${at("associatePublicIp")}: false — the default VPC (no vpcId) has no NAT gateway, so instances without a public IP cannot reach ` +
        "the CodeDeploy agent bucket, SSM or package mirrors and never bootstrap; set vpcId (private subnets with a NAT route) or leave associatePublicIp unset",
    );
  }
  if (env.bootstrap === "none" && env.ami === undefined) {
    problems.push(
      `${at("bootstrap")}: "none" — the stock Amazon Linux 2023 image (no ami) has no CodeDeploy agent, so its instances would never take a deployment; ` +
        'choose the image that has it (ami), or bootstrap "agent-only"',
    );
  }
  if (env.instancePermissions) problems.push(...instancePermissionProblems(env.instancePermissions, env.region, at("instancePermissions")));
  if (!env.instanceLogs.enabled && env.instanceLogs.retentionDays !== undefined) {
    problems.push(`${at("instanceLogs.retentionDays")}: ${env.instanceLogs.retentionDays} — applies only when the instance logs are shipped; set "enabled": true or remove it`);
  }
  if (env.ami) problems.push(...amiProblems(env.ami, at("ami")));
  if (env.rootVolume) problems.push(...rootVolumeProblems(env.rootVolume, at("rootVolume")));
  if (env.scaling) problems.push(...scalingProblems(env.scaling, at("scaling")));
  return problems;
}

/**
 * Rules across the application's grants: ARNs of the environment's partition (a policy naming
 * another partition's ARN matches nothing), secrets and keys in its region (the grants' kms:ViaService
 * names this region's endpoint, and Secrets Manager encrypts a secret with a key of its own
 * region), keys only beside what they decrypt, no customer-managed policy (nothing at synth can
 * read what it grants), and each grant held to the guardrails' IAM rules, named.
 */
function instancePermissionProblems(permissions: NonNullable<FleetSettings["instancePermissions"]>, region: string, at: string): string[] {
  const problems: string[] = [];
  const partition = partitionOf(region);
  const arnProblem = (where: string, arn: string, checkRegion: boolean) => {
    const [, arnPartition, , arnRegion] = arn.split(":");
    if (arnPartition !== partition) problems.push(`${where}: "${arn}" — must be in the partition of ${region} (${partition}), not ${arnPartition}: IAM matches no other partition's ARN`);
    else if (checkRegion && arnRegion !== region) problems.push(`${where}: "${arn}" — must be in the environment's region ${region}, not ${arnRegion}`);
  };
  permissions.managedPolicyArns?.forEach((arn, index) => {
    const where = `${at}.managedPolicyArns.${index}`;
    arnProblem(where, arn, false);
    if (arn.split(":")[4] !== "aws") {
      problems.push(
        `${where}: "${arn}" — a customer-managed policy cannot be judged at synth (IAM-MANAGED-POLICIES: its document lives in the account and may change); write its statements in instancePermissions.statements`,
      );
      return;
    }
    for (const found of judgeManagedPolicyArn(arn)) problems.push(`${where}: "${arn}" — ${found.rule}: ${found.what}; ${found.fix}`);
  });
  permissions.secretArns?.forEach((arn, index) => arnProblem(`${at}.secretArns.${index}`, arn, true));
  permissions.kmsKeyArns?.forEach((arn, index) => arnProblem(`${at}.kmsKeyArns.${index}`, arn, true));
  if (permissions.kmsKeyArns && !permissions.secretArns && !permissions.parameterPaths) {
    problems.push(`${at}.kmsKeyArns: ${JSON.stringify(permissions.kmsKeyArns)} — decrypt only the listed secretArns and parameterPaths, and none is listed`);
  }
  // IAM wants each Sid of a policy unique (IAM JSON policy elements: Sid); the application policy
  // holds the grants of the lists above under their own Sids (roles.ts) and each statement's.
  const listSids = applicationListSids(permissions);
  const seenSids = new Set(listSids);
  permissions.statements?.forEach((statement, index) => {
    const sid = applicationStatementSid(statement, index);
    if (seenSids.has(sid)) {
      problems.push(
        `${at}.statements.${index}.sid: "${sid}" — already the Sid of another statement of the application policy (${listSids.includes(sid) ? "the grant of secretArns, parameterPaths or kmsKeyArns" : "an earlier statement"}); IAM wants each Sid unique`,
      );
    }
    seenSids.add(sid);
  });
  permissions.statements?.forEach((statement, index) => {
    const where = `${at}.statements.${index}`;
    statement.resources.forEach((arn, position) => {
      if (arn !== "*") arnProblem(`${where}.resources.${position}`, arn, false);
    });
    const document = {
      Statement: [
        {
          Sid: applicationStatementSid(statement, index),
          Effect: statement.effect ?? "Allow",
          Action: statement.actions,
          Resource: statement.resources,
          // IAM's Condition block: operator -> key -> values, several keys under one operator.
          Condition: (statement.conditions ?? []).reduce<Record<string, Record<string, string[]>>>(
            (block, { test, variable, values }) => ({ ...block, [test]: { ...block[test], [variable]: values } }),
            {},
          ),
        },
      ],
    };
    for (const found of judgeIdentityPolicy(document)) problems.push(`${where}: ${JSON.stringify(statement.actions)} — ${found.rule}: ${found.what}; ${found.fix}`);
  });
  return problems;
}

/** Exactly one way to choose the image; a name filter only with its owners, and owners only for one. */
function amiProblems(ami: NonNullable<FleetSettings["ami"]>, at: string): string[] {
  const chosen = (["id", "ssmParameter", "name"] as const).filter((key) => ami[key] !== undefined);
  if (chosen.length === 0 && ami.owners !== undefined) return [`${at}.owners: ${JSON.stringify(ami.owners)} — needs a "name" filter to choose the newest of their images`];
  if (chosen.length !== 1) {
    return [`${at}: ${JSON.stringify(ami)} — must set exactly one of "id", "ssmParameter" or "owners" + "name"${chosen.length > 1 ? ` (got ${chosen.join(", ")})` : ""}`];
  }
  if (ami.name !== undefined && ami.owners === undefined) {
    return [`${at}.name: "${ami.name}" — needs "owners": a name filter over every public AMI would take whatever image anybody published under a matching name`];
  }
  return [];
}

/** Rules across the keys of `scaling`: something to do; per action sizes in order; unique names. */
function scalingProblems(scaling: NonNullable<FleetSettings["scaling"]>, at: string): string[] {
  const problems: string[] = [];
  const actions = scaling.scheduledActions ?? [];
  const policies = ["cpuUtilizationPercent", "requestCountPerTarget", "customMetric"] as const;
  if (policies.every((key) => scaling[key] === undefined) && actions.length === 0) {
    problems.push(`${at}: ${JSON.stringify(scaling)} — must set a target (${policies.join(", ")}) or scheduledActions; omit "scaling" for fixed capacity`);
  }
  if (policies.every((key) => scaling[key] === undefined)) {
    for (const key of ["instanceWarmupSeconds", "disableScaleIn"] as const) {
      if (scaling[key] !== undefined) problems.push(`${at}.${key}: ${JSON.stringify(scaling[key])} — applies to target-tracking policies only; set one or remove it`);
    }
  }
  const seen = new Set<string>();
  actions.forEach((action, index) => {
    const where = `${at}.scheduledActions.${index}`;
    if (seen.has(action.name)) problems.push(`${where}.name: "${action.name}" — must be unique; another scheduled action has this name`);
    seen.add(action.name);
    const { minSize, maxSize, desiredCapacity } = action;
    if (minSize === undefined && maxSize === undefined && desiredCapacity === undefined) {
      problems.push(`${where}: "${action.name}" — must set at least one of minSize, maxSize, desiredCapacity`);
    }
    if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
      problems.push(`${where}.minSize: ${minSize} — must not exceed maxSize (${maxSize})`);
    }
    if (desiredCapacity !== undefined && ((minSize !== undefined && desiredCapacity < minSize) || (maxSize !== undefined && desiredCapacity > maxSize))) {
      problems.push(`${where}.desiredCapacity: ${desiredCapacity} — must lie within the action's own minSize/maxSize`);
    }
  });
  return problems;
}
