import { z } from "zod";
import { flag, settingPath, wholeNumber } from "./kit";
import type { PerProfile } from "./profiles";
import type { FleetSettings } from "../fleet";
import { instanceTypeProblem } from "../fleet/instance-types";

export const FLEET_DEFAULTS: PerProfile<FleetSettings> = {
  dev: { instanceType: "t3.micro", minSize: 1, maxSize: 2, desiredCapacity: 1, healthCheckGracePeriodSeconds: 300 },
  staging: { instanceType: "t3.small", minSize: 2, maxSize: 4, desiredCapacity: 2, healthCheckGracePeriodSeconds: 300 },
  prod: { instanceType: "t3.small", minSize: 3, maxSize: 9, desiredCapacity: 3, healthCheckGracePeriodSeconds: 300 },
};

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
  parameterKmsKeyArn: z
    .string({ error: "must be a KMS key ARN" })
    .regex(
      /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f-]{36})$/,
      "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); an alias cannot be granted in IAM",
    )
    .optional(),
};

/**
 * Rules across keys: minSize ≤ desiredCapacity ≤ maxSize; the parameter key is in the environment's
 * region; no `associatePublicIp: false` in the default VPC (it has no NAT gateway: instances
 * without a public IP cannot reach the CodeDeploy agent bucket, SSM or package mirrors, so they
 * never bootstrap).
 */
export function fleetProblems(env: FleetSettings & { readonly name: string; readonly region: string; readonly vpcId?: string }): string[] {
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
  if (env.associatePublicIp === false && env.vpcId === undefined) {
    problems.push(
      `${at("associatePublicIp")}: false — the default VPC (no vpcId) has no NAT gateway, so instances without a public IP cannot reach ` +
        "the CodeDeploy agent bucket, SSM or package mirrors and never bootstrap; set vpcId (private subnets with a NAT route) or leave associatePublicIp unset",
    );
  }
  return problems;
}
