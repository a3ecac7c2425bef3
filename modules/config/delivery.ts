import { z } from "zod";
import { SOURCE_PROVIDERS } from "../delivery/source";
import { LOG_RETENTION_DAYS } from "../shared/logs";
import { flag, settingPath } from "./kit";
import type { PerProfile } from "./profiles";
import type { DeliverySettings } from "../delivery";

const source = { provider: "codecommit", branch: "main" } as const;

export const DELIVERY_DEFAULTS: PerProfile<DeliverySettings> = {
  dev: { requireApproval: false, logRetentionDays: 30, source },
  staging: { requireApproval: false, logRetentionDays: 30, source },
  prod: { requireApproval: true, logRetentionDays: 90, source },
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
    },
    { error: 'must be an object such as { "provider": "github", "repository": "owner/name", "branch": "main" }' },
  );
export type SourceOverrides = z.infer<typeof sourceSchema>;

export const deliverySettingsShape = {
  requireApproval: flag.optional(),
  logRetentionDays: z
    .number({ error: `must be one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs retention periods)` })
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      error: `must be one of ${LOG_RETENTION_DAYS.join(", ")} (CloudWatch Logs retention periods)`,
    })
    .optional(),
  source: sourceSchema.optional(),
};

/** Rules across keys: the repository's form must suit the provider. */
export function deliveryProblems(env: DeliverySettings & { readonly name: string }, formatValue: (value: unknown) => string): string[] {
  const at = (key: string) => settingPath(env.name, key);
  const problems: string[] = [];
  if (env.source.provider === "github" && !/^[^/]+\/[^/]+$/.test(env.source.repository ?? "")) {
    problems.push(
      `${at("source.repository")}: ${formatValue(env.source.repository)} — GitHub sources need the repository as owner/name (set source.repository)`,
    );
  }
  if (env.source.provider === "codecommit" && env.source.repository?.includes("/")) {
    problems.push(`${at("source.repository")}: "${env.source.repository}" — a CodeCommit repository name has no owner/ part`);
  }
  return problems;
}
