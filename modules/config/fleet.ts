import { z } from "zod";
import { flag, settingPath, wholeNumber } from "./kit";
import type { PerProfile } from "./profiles";
import type { FleetSettings } from "../fleet";

export const FLEET_DEFAULTS: PerProfile<FleetSettings> = {
  dev: { instanceType: "t3.micro", minSize: 1, maxSize: 2, desiredCapacity: 1, healthCheckGracePeriodSeconds: 300 },
  staging: { instanceType: "t3.small", minSize: 2, maxSize: 4, desiredCapacity: 2, healthCheckGracePeriodSeconds: 300 },
  prod: { instanceType: "t3.small", minSize: 3, maxSize: 9, desiredCapacity: 3, healthCheckGracePeriodSeconds: 300 },
};

export const fleetSettingsShape = {
  instanceType: z
    .string({ error: "must be an EC2 instance type such as t3.micro" })
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t3.micro")
    .optional(),
  minSize: wholeNumber(1, 100).optional(),
  maxSize: wholeNumber(1, 100).optional(),
  desiredCapacity: wholeNumber(1, 100).optional(),
  associatePublicIp: flag.optional(),
  healthCheckGracePeriodSeconds: wholeNumber(0, 7200).optional(),
  parameterKmsKeyArn: z
    .string({ error: "must be a KMS key ARN" })
    .regex(
      /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f-]{36})$/,
      "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); an alias cannot be granted in IAM",
    )
    .optional(),
};

/** Rules across keys: minSize ≤ desiredCapacity ≤ maxSize; the parameter key is in the environment's region. */
export function fleetProblems(env: FleetSettings & { readonly name: string; readonly region: string }): string[] {
  const at = (key: string) => settingPath(env.name, key);
  const problems: string[] = [];
  if (env.minSize > env.maxSize) {
    problems.push(`${at("minSize")}: ${env.minSize} — must not exceed maxSize (${env.maxSize})`);
  }
  if (env.desiredCapacity < env.minSize || env.desiredCapacity > env.maxSize) {
    problems.push(`${at("desiredCapacity")}: ${env.desiredCapacity} — must lie within [minSize, maxSize] = [${env.minSize}, ${env.maxSize}]`);
  }
  if (env.parameterKmsKeyArn) {
    const keyRegion = env.parameterKmsKeyArn.split(":")[3];
    if (keyRegion !== env.region) {
      problems.push(`${at("parameterKmsKeyArn")}: "${env.parameterKmsKeyArn}" — must be in the parameters' region ${env.region}, not ${keyRegion}`);
    }
  }
  return problems;
}
