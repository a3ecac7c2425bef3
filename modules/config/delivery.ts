import { z } from "zod";
import { SOURCE_PROVIDERS } from "../delivery/source";
import { MAX_ALARM_WAIT_MINUTES } from "../delivery/pipeline";
import { partitionOf } from "../shared/aws-context";
import { flag, logRetentionDays, settingPath, wholeNumber } from "./kit";
import type { PerProfile } from "./profiles";
import type { DeliverySettings } from "../delivery";
import { formatValue } from "./problems";

const source = { provider: "codecommit", branch: "main" } as const;

export const DELIVERY_DEFAULTS: PerProfile<DeliverySettings> = {
  dev: { requireApproval: false, logRetentionDays: 30, source, releaseAlarmWaitMinutes: 5 },
  staging: { requireApproval: false, logRetentionDays: 30, source, releaseAlarmWaitMinutes: 15 },
  prod: { requireApproval: true, logRetentionDays: 90, source, releaseAlarmWaitMinutes: 30 },
};

export const sourceSchema = z
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
      connectionArn: z
        .string({ error: "must be a CodeConnections connection ARN" })
        .regex(
          /^arn:aws(-cn|-us-gov)?:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/,
          "must be a CodeConnections connection ARN such as arn:aws:codeconnections:us-east-1:123456789012:connection/0b5a8c3e-1234-4d5e-9f00-112233445566",
        )
        .optional(),
    },
    { error: 'must be an object such as { "provider": "github", "repository": "owner/name", "branch": "main" }' },
  );
export type SourceOverrides = z.infer<typeof sourceSchema>;

export const deliverySettingsShape = {
  requireApproval: flag.optional(),
  logRetentionDays: logRetentionDays.optional(),
  source: sourceSchema.optional(),
  releaseAlarmWaitMinutes: wholeNumber(0, MAX_ALARM_WAIT_MINUTES).optional(),
};

/** Rules across keys: the repository's form must suit the provider. */
export function deliveryProblems(env: DeliverySettings & { readonly name: string }): string[] {
  const at = (key: string) => settingPath(env.name, key);
  const problems: string[] = [];
  if (env.source.provider === "github" && !/^[^/]+\/[^/]+$/.test(env.source.repository ?? "")) {
    problems.push(
      `${at("source.repository")}: ${formatValue(env.source.repository)} — GitHub sources need the repository as owner/name (set source.repository)`,
    );
  }
  if (env.source.provider !== "github" && env.source.connectionArn !== undefined) {
    problems.push(`${at("source.connectionArn")}: "${env.source.connectionArn}" — only a GitHub source uses a connection (set source.provider to github)`);
  }
  if (env.source.provider === "codecommit" && env.source.repository?.includes("/")) {
    problems.push(`${at("source.repository")}: "${env.source.repository}" — a CodeCommit repository name has no owner/ part`);
  }
  return problems;
}

/**
 * Rules across environments, in release order: the first builds, every later one deploys what
 * its predecessor promoted, so a `source` of its own would be silently ignored; and a promotion
 * crosses regions but not partitions (one account's buckets and alarms).
 */
export function releaseProblems(environments: readonly { readonly name: string; readonly region: string }[], overrides: Record<string, { source?: unknown }>): string[] {
  const [first, ...later] = environments;
  const problems: string[] = [];
  for (const env of later) {
    if (overrides[env.name]?.source !== undefined) {
      problems.push(
        `${settingPath(env.name, "source")}: ${JSON.stringify(overrides[env.name].source)} — only the first environment (${first.name}) builds from a source; ` +
          `${env.name} deploys what the environment before it promotes (set source on ${first.name} or at the top level)`,
      );
    }
    if (partitionOf(env.region) !== partitionOf(first.region)) {
      problems.push(
        `${settingPath(env.name, "region")}: "${env.region}" — a release is promoted within one partition; ${first.name} is in ${partitionOf(first.region)}, this region in ${partitionOf(env.region)}`,
      );
    }
  }
  return problems;
}
