import { z } from "zod";
import { HEALTH_CHECK_PATH, HEALTH_CHECK_PATH_RULE } from "../network/load-balancer";
import { parseCidr } from "../shared/cidr";
import { cidrSchema, flag, settingPath, wholeNumber } from "./kit";
import type { PerProfile } from "./profiles";
import type { NetworkSettings } from "../network";

const common = { appPort: 80, healthCheckPath: "/health", deregistrationDelaySeconds: 30 } as const;

export const NETWORK_DEFAULTS: PerProfile<NetworkSettings> = {
  dev: { ...common, ingressCidrs: ["0.0.0.0/0"], deletionProtection: false },
  staging: { ...common, ingressCidrs: ["0.0.0.0/0"], deletionProtection: false },
  prod: { ...common, ingressCidrs: ["0.0.0.0/0"], deletionProtection: true },
};

export const networkSettingsShape = {
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
  appPort: wholeNumber(1, 65535).optional(),
  healthCheckPath: z
    .string({ error: "must be an absolute URL path such as /health" })
    .max(1024, "must be at most 1024 characters (ALB limit)")
    .regex(HEALTH_CHECK_PATH, HEALTH_CHECK_PATH_RULE)
    .optional(),
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
  deletionProtection: flag.optional(),
  deregistrationDelaySeconds: wholeNumber(0, 3600).optional(),
};

/**
 * Rules across keys: the certificate must be in the load balancer's region; no IPv6 client CIDRs
 * (the load balancer is IPv4-only: ELB's default ip_address_type, which this stack keeps); a
 * prod-profile environment keeps deletion protection — refused here, naming the key, rather than
 * by the ALB-DELETION-PROTECTION guardrail after the stack is built.
 */
export function networkProblems(env: NetworkSettings & { readonly name: string; readonly region: string; readonly profile: string }): string[] {
  const problems: string[] = [];
  env.ingressCidrs.forEach((cidr, index) => {
    if (parseCidr(cidr)?.version === 6) {
      problems.push(
        `${settingPath(env.name, `ingressCidrs.${index}`)}: "${cidr}" — the load balancer is IPv4-only (ip_address_type ipv4), so IPv6 clients cannot reach it; list IPv4 CIDRs`,
      );
    }
  });
  if (env.profile === "prod" && !env.deletionProtection) {
    problems.push(
      `${settingPath(env.name, "deletionProtection")}: false — a prod-profile environment keeps the load balancer's deletion protection ` +
        "(the ALB-DELETION-PROTECTION guardrail); give an environment you mean to tear down the staging profile",
    );
  }
  if (env.certificateArn) {
    const certRegion = env.certificateArn.split(":")[3];
    if (certRegion !== env.region) {
      problems.push(
        `${settingPath(env.name, "certificateArn")}: "${env.certificateArn}" — must be in the load balancer's region ${env.region}, not ${certRegion}`,
      );
    }
  }
  return problems;
}
