import { z } from "zod";
import { StateSettings } from "../shared/state-backend";
import { regionSchema } from "./kit";
import type { PerProfile } from "./profiles";

/** Where Terraform keeps each stack's state. */
export const STATE_DEFAULTS: PerProfile<StateSettings> = {
  dev: { backend: "local" },
  staging: { backend: "local" },
  prod: { backend: "local" },
};

export const stateSchema = z.discriminatedUnion(
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

/** Every key any state backend takes, for did-you-mean hints. */
export const STATE_KEYS = [...new Set(stateSchema.options.flatMap((option) => Object.keys(option.shape)))];
