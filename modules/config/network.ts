import { z } from "zod";
import { HEALTH_CHECK_PATH, HEALTH_CHECK_PATH_RULE, IP_ADDRESS_TYPES, isDualStack, LOAD_BALANCER_SCHEMES } from "../network/load-balancer";
import { ipv6IngressCidrs, LISTENER_PORTS, SECURITY_GROUP_RULE_QUOTA } from "../network/security-groups";
import { DOMAIN_NAME, HOSTED_ZONE_ID } from "../network/domain";
import { MANAGED_RULE_GROUPS, RATE_LIMIT_RANGE } from "../network/waf";
import { canonicalCidr, parseCidr } from "../shared/cidr";
import { cidrSchema, flag, settingPath, wholeNumber } from "./kit";
import type { PerProfile } from "./profiles";
import type { NetworkSettings } from "../network";

const common = { appPort: 80, healthCheckPath: "/health", deregistrationDelaySeconds: 30, scheme: "internet-facing" } as const;
/** What `accessLogs` fills in: 90 days, connection logs too. */
const LOG_DEFAULTS = { expirationDays: 90, connectionLogs: true } as const;

/**
 * Access logs are on by default in prod only: without them a production incident leaves no
 * record of who asked what (Security Hub ELB.5); dev and staging keep the bucket's cost away.
 */
export const NETWORK_DEFAULTS: PerProfile<NetworkSettings> = {
  dev: { ...common, ingressCidrs: ["0.0.0.0/0"], deletionProtection: false, accessLogs: { enabled: false, ...LOG_DEFAULTS } },
  staging: { ...common, ingressCidrs: ["0.0.0.0/0"], deletionProtection: false, accessLogs: { enabled: false, ...LOG_DEFAULTS } },
  prod: { ...common, ingressCidrs: ["0.0.0.0/0"], deletionProtection: true, accessLogs: { enabled: true, ...LOG_DEFAULTS } },
};

const resourceId = (prefix: string, noun: string, example: string) =>
  z.string({ error: `must be ${noun} such as ${example}` }).regex(new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`), `must be ${noun} such as ${example}`);

const subnetIdsSchema = z
  .array(resourceId("subnet", "a subnet ID", "subnet-0123456789abcdef0"), { error: "must be a list of subnet IDs" })
  .min(2, "must list at least two subnets, in different Availability Zones")
  .refine((ids) => new Set(ids).size === ids.length, "must not list a subnet twice");

/** EC2 tag limits (EC2 user guide, "Tag restrictions"): key 1-128 characters, not `aws:`; value up to 256. */
const TAG_VALUE_RULE = "must map each tag key to a value or a non-empty list of values (at most 256 characters each)";
const subnetTagsSchema = z
  .record(
    z.string().min(1, "tag keys must not be empty").max(128, "tag keys have at most 128 characters"),
    z
      .union([z.string().max(256, TAG_VALUE_RULE), z.array(z.string().max(256, TAG_VALUE_RULE)).min(1, TAG_VALUE_RULE)], {
        error: TAG_VALUE_RULE,
      })
      .transform((value) => (Array.isArray(value) ? value : [value])),
    { error: 'must map tag keys to values, e.g. { "Tier": "public" }' },
  )
  .refine((tags) => Object.keys(tags).length > 0, 'must name at least one tag, e.g. { "Tier": "public" }');

const port = wholeNumber(1, 65535);
const egressRuleSchema = z.strictObject(
  {
    description: z.string({ error: "must be a string" }).max(255, "must be at most 255 characters (security group rule description)").regex(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/, "may use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* only (EC2 rule description)").optional(),
    protocol: z.enum(["tcp", "udp"], { error: "must be tcp or udp" }).optional(),
    fromPort: port,
    toPort: port.optional(),
    cidrs: z.array(cidrSchema, { error: "must be a list of CIDR blocks" }).optional(),
    prefixListIds: z.array(resourceId("pl", "a prefix list ID", "pl-63a5400a"), { error: "must be a list of prefix list IDs" }).optional(),
    securityGroupIds: z.array(resourceId("sg", "a security group ID", "sg-0123456789abcdef0"), { error: "must be a list of security group IDs" }).optional(),
  },
  { error: 'must be { "fromPort", "toPort"?, "protocol"?, "cidrs"?, "prefixListIds"?, "securityGroupIds"?, "description"? }' },
);
export const EGRESS_RULE_KEYS = Object.keys(egressRuleSchema.shape);

const DNS_NAME_RULE = "must be a lowercase DNS name such as shop.example.com (no trailing dot, no wildcard; labels of letters, digits and inner hyphens)";
const domainSchema = z.strictObject(
  {
    name: z.string({ error: DNS_NAME_RULE }).regex(DOMAIN_NAME, DNS_NAME_RULE),
    hostedZoneId: z.string({ error: "must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ" }).regex(HOSTED_ZONE_ID, "must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ").optional(),
    hostedZoneName: z.string({ error: DNS_NAME_RULE }).regex(DOMAIN_NAME, DNS_NAME_RULE).optional(),
  },
  { error: 'must be { "name", "hostedZoneId" } or { "name", "hostedZoneName" }' },
);
export const DOMAIN_KEYS = Object.keys(domainSchema.shape);

const accessLogsSchema = z
  .strictObject(
    {
      enabled: flag.optional(),
      // S3 lifecycle expiration takes whole days ≥ 1.
      expirationDays: wholeNumber(1, 3650).optional(),
      connectionLogs: flag.optional(),
    },
    { error: 'must be { "enabled"?, "expirationDays"?, "connectionLogs"? }' },
  )
  // Writing the object asks for logs; what it leaves out takes the defaults.
  .transform((logs) => ({ enabled: logs.enabled ?? true, expirationDays: logs.expirationDays ?? LOG_DEFAULTS.expirationDays, connectionLogs: logs.connectionLogs ?? LOG_DEFAULTS.connectionLogs }));
export const ACCESS_LOG_KEYS = ["enabled", "expirationDays", "connectionLogs"];

const wafSchema = z.strictObject(
  {
    webAclArn: z
      .string({ error: "must be a WAFv2 web ACL ARN" })
      .regex(
        /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]{1,128}\/[0-9a-f-]{36}$/,
        "must be the ARN of a REGIONAL WAFv2 web ACL (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>, the id a UUID); CLOUDFRONT web ACLs cannot protect a load balancer",
      )
      .optional(),
    managedRuleGroups: z
      .array(z.enum(MANAGED_RULE_GROUPS as [string, ...string[]], { error: `must be one of ${MANAGED_RULE_GROUPS.join(", ")}` }), { error: "must be a list of AWS managed rule group names" })
      .min(1, "must list at least one AWS managed rule group")
      .refine((groups) => new Set(groups).size === groups.length, "must not list a rule group twice")
      .optional(),
    rateLimit: wholeNumber(RATE_LIMIT_RANGE.min, RATE_LIMIT_RANGE.max).optional(),
  },
  { error: 'must be { "webAclArn" } or { "managedRuleGroups"?, "rateLimit"? }' },
);
export const WAF_KEYS = Object.keys(wafSchema.shape);

export const networkSettingsShape = {
  vpcId: resourceId("vpc", "a VPC ID", "vpc-0123456789abcdef0").optional(),
  subnetIds: subnetIdsSchema.optional(),
  loadBalancerSubnetIds: subnetIdsSchema.optional(),
  fleetSubnetIds: subnetIdsSchema.optional(),
  loadBalancerSubnetTags: subnetTagsSchema.optional(),
  fleetSubnetTags: subnetTagsSchema.optional(),
  scheme: z.enum(LOAD_BALANCER_SCHEMES, { error: `must be one of ${LOAD_BALANCER_SCHEMES.join(", ")}` }).optional(),
  ipAddressType: z.enum(IP_ADDRESS_TYPES, { error: `must be one of ${IP_ADDRESS_TYPES.join(", ")}` }).optional(),
  domain: domainSchema.optional(),
  accessLogs: accessLogsSchema.optional(),
  waf: wafSchema.optional(),
  instanceEgress: z.array(egressRuleSchema, { error: "must be a list of egress rules" }).min(1, "must list at least one rule (the instances bootstrap over HTTPS)").optional(),
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
      "must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>, the id a UUID such as 0b5a8c3e-1234-4d5e-9f00-112233445566)",
    )
    .optional(),
  ingressCidrs: z
    .array(cidrSchema, { error: "must be a list of CIDR blocks" })
    .min(1, "must list at least one CIDR block (the load balancer is unreachable otherwise)")
    .optional(),
  ingressIpv6Cidrs: z
    .array(cidrSchema, { error: "must be a list of IPv6 CIDR blocks" })
    .min(1, "must list at least one IPv6 CIDR block (omit the key for the default)")
    .optional(),
  deletionProtection: flag.optional(),
  deregistrationDelaySeconds: wholeNumber(0, 3600).optional(),
};

/**
 * Rules across keys: the certificate must be in the load balancer's region; IPv6 clients only in
 * `ingressIpv6Cidrs` and only for a dual-stack load balancer (IPv4-only is ELB's default); a
 * prod-profile environment keeps deletion protection — refused here, naming the key, rather than
 * by the ALB-DELETION-PROTECTION guardrail after the stack is built.
 */
export function networkProblems(
  env: NetworkSettings & { readonly name: string; readonly region: string; readonly profile: string; readonly associatePublicIp: boolean; readonly platform?: string },
): string[] {
  const problems: string[] = [...subnetProblems(env), ...egressProblems(env), ...domainProblems(env)];
  problems.push(...ipv6Problems(env));
  // One inbound rule per CIDR and listener port on the load balancer's group.
  const ingressRules = env.ingressCidrs.length * LISTENER_PORTS.length;
  if (ingressRules > SECURITY_GROUP_RULE_QUOTA) {
    problems.push(
      `${settingPath(env.name, "ingressCidrs")}: ${env.ingressCidrs.length} CIDRs — the load balancer's security group would hold ${ingressRules} inbound rules ` +
        `(one per CIDR and port ${LISTENER_PORTS.join(" and ")}); a group holds at most ${SECURITY_GROUP_RULE_QUOTA} per IP version (EC2 default quota): ` +
        `list at most ${Math.floor(SECURITY_GROUP_RULE_QUOTA / LISTENER_PORTS.length)}, or summarize them into wider blocks or a prefix list`,
    );
  }
  if (env.profile === "prod" && !env.deletionProtection) {
    problems.push(
      `${settingPath(env.name, "deletionProtection")}: false — a prod-profile environment keeps the load balancer's deletion protection ` +
        "(the ALB-DELETION-PROTECTION guardrail); give an environment you mean to tear down the staging profile",
    );
  }
  if (env.profile === "prod" && !env.accessLogs.enabled) {
    problems.push(
      `${settingPath(env.name, "accessLogs.enabled")}: false — a prod-profile environment keeps the load balancer's access logs ` +
        "(the ALB-ACCESS-LOGS guardrail, Security Hub ELB.5); give an environment you mean to run without them the staging profile",
    );
  }
  if (env.waf?.webAclArn) {
    if (env.waf.managedRuleGroups || env.waf.rateLimit !== undefined) {
      problems.push(`${settingPath(env.name, "waf")}: ${JSON.stringify(env.waf)} — webAclArn associates an existing web ACL; managedRuleGroups and rateLimit shape a new one: give one or the other`);
    }
    const wafRegion = env.waf.webAclArn.split(":")[3];
    if (wafRegion !== env.region) {
      problems.push(`${settingPath(env.name, "waf.webAclArn")}: "${env.waf.webAclArn}" — must be in the load balancer's region ${env.region}, not ${wafRegion}`);
    }
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

/**
 * The IPv6 side of the edge: IPv6 client CIDRs in `ingressIpv6Cidrs` only, which only a
 * dual-stack load balancer reads; a dual-stack one internet-facing; and no `::/0` taken for granted
 * where the IPv4 clients are restricted (the default IPv6 clients follow the IPv4 ones only when
 * those are the whole internet: see ipv6IngressCidrs).
 */
function ipv6Problems(env: NetworkSettings & { readonly name: string }): string[] {
  const problems: string[] = [];
  const dualStack = isDualStack(env.ipAddressType);
  env.ingressCidrs.forEach((cidr, index) => {
    if (parseCidr(cidr)?.version === 6) {
      problems.push(`${settingPath(env.name, `ingressCidrs.${index}`)}: "${cidr}" — ingressCidrs lists IPv4 clients; list IPv6 ones in ingressIpv6Cidrs (with ipAddressType dualstack)`);
    }
  });
  // Two equal blocks would be two equal rules in the load balancer's security group, which EC2
  // refuses at apply (AuthorizeSecurityGroupIngress: InvalidPermission.Duplicate).
  for (const key of ["ingressCidrs", "ingressIpv6Cidrs"] as const) {
    const first = new Map<string, number>();
    env[key]?.forEach((cidr, index) => {
      const block = canonicalCidr(cidr) ?? cidr;
      if (first.has(block)) {
        problems.push(`${settingPath(env.name, `${key}.${index}`)}: "${cidr}" — the same block as ${key}.${first.get(block)}: the security group would get the same rule twice, which EC2 refuses (InvalidPermission.Duplicate)`);
      } else first.set(block, index);
    });
  }
  env.ingressIpv6Cidrs?.forEach((cidr, index) => {
    if (parseCidr(cidr)?.version === 4) problems.push(`${settingPath(env.name, `ingressIpv6Cidrs.${index}`)}: "${cidr}" — must be an IPv6 CIDR block; IPv4 clients go in ingressCidrs`);
  });
  if (!dualStack && env.ingressIpv6Cidrs) {
    problems.push(
      `${settingPath(env.name, "ingressIpv6Cidrs")}: ${JSON.stringify(env.ingressIpv6Cidrs)} — the load balancer is IPv4-only (ipAddressType ${env.ipAddressType ?? "ipv4"}), so IPv6 clients cannot reach it; set ipAddressType to dualstack or remove the key`,
    );
  }
  if (dualStack && env.scheme === "internal") {
    problems.push(
      `${settingPath(env.name, "ipAddressType")}: "${env.ipAddressType}" — an internal load balancer must use ipv4 (ELB API reference, CreateLoadBalancer IpAddressType); use scheme internet-facing or ipAddressType ipv4`,
    );
  }
  if (dualStack && ipv6IngressCidrs(true, env.ingressCidrs, env.ingressIpv6Cidrs).length === 0) {
    problems.push(
      `${settingPath(env.name, "ingressIpv6Cidrs")}: (missing) — ingressCidrs restricts the IPv4 clients, so the IPv6 ones of a dual-stack load balancer are not assumed to be ::/0: list them, or set ipAddressType to ipv4`,
    );
  }
  const ipv6Rules = (env.ingressIpv6Cidrs?.length ?? 0) * LISTENER_PORTS.length;
  if (ipv6Rules > SECURITY_GROUP_RULE_QUOTA) {
    problems.push(
      `${settingPath(env.name, "ingressIpv6Cidrs")}: ${env.ingressIpv6Cidrs!.length} CIDRs — the load balancer's security group would hold ${ipv6Rules} IPv6 inbound rules (one per CIDR and port ${LISTENER_PORTS.join(" and ")}); a group holds at most ${SECURITY_GROUP_RULE_QUOTA} per IP version: list at most ${Math.floor(SECURITY_GROUP_RULE_QUOTA / LISTENER_PORTS.length)}`,
    );
  }
  return problems;
}

/**
 * Which subnets each tier gets, as far as the configuration tells: a tier's own IDs or tags, else
 * `subnetIds`, else the VPC's defaults. A tier selects by IDs or by tags, not both; `subnetIds`
 * must serve at least one tier.
 *
 * With an internet-facing load balancer, a fleet in the load balancer's own subnets and
 * `associatePublicIp: false` cannot work, whatever those subnets' routes are: if they route to an
 * internet gateway (as an internet-facing ALB needs), instances without a public address have no
 * way out to the CodeDeploy agent bucket, SSM and package mirrors; if they do not, the load
 * balancer is unreachable. Refused here. Separate tiers are trusted: whether a private subnet has
 * a NAT route or VPC endpoints cannot be read from route tables alone (interface endpoints add no
 * route), so no plan-time route check could tell a working private subnet from a dead one.
 */
function subnetProblems(env: NetworkSettings & { readonly name: string; readonly associatePublicIp: boolean; readonly platform?: string }): string[] {
  const at = (key: string) => settingPath(env.name, key);
  const problems: string[] = [];
  for (const tier of ["loadBalancer", "fleet"] as const) {
    if (env[`${tier}SubnetIds`] && env[`${tier}SubnetTags`]) {
      problems.push(`${at(`${tier}SubnetTags`)}: ${JSON.stringify(env[`${tier}SubnetTags`])} — select the ${tier === "fleet" ? "fleet's" : "load balancer's"} subnets by ${tier}SubnetIds or by ${tier}SubnetTags, not both`);
    }
  }
  const own = (tier: "loadBalancer" | "fleet") => env[`${tier}SubnetIds`] ?? env[`${tier}SubnetTags`];
  if (env.subnetIds && own("loadBalancer") && own("fleet")) {
    problems.push(`${at("subnetIds")}: ${JSON.stringify(env.subnetIds)} — applies to neither tier: both the load balancer and the fleet select their own subnets; remove it`);
  }
  const selection = (tier: "loadBalancer" | "fleet") => JSON.stringify(own(tier) ?? env.subnetIds ?? null);
  const shared = selection("loadBalancer") === selection("fleet");
  // Only an EC2 fleet bootstraps from its subnets (an ECS service's tasks have subnets of their own).
  const hasFleet = (env.platform ?? "ec2") === "ec2";
  if (hasFleet && (env.scheme ?? "internet-facing") === "internet-facing" && shared && env.vpcId !== undefined && !env.associatePublicIp) {
    problems.push(
      `${at("associatePublicIp")}: false — the fleet shares the internet-facing load balancer's subnets: if they route to an internet gateway, ` +
        "instances without a public IP cannot reach the CodeDeploy agent bucket, SSM or package mirrors and never bootstrap; if they do not, the load balancer is unreachable. " +
        "Put the fleet in private subnets (fleetSubnetIds or fleetSubnetTags) and the load balancer in public ones, or set scheme internal",
    );
  }
  return problems;
}

/** Egress rules: a port range in order, a destination each, and within EC2's rules-per-group quota per IP version. */
function egressProblems(env: NetworkSettings & { readonly name: string }): string[] {
  const problems: string[] = [];
  const rules = env.instanceEgress ?? [];
  const perVersion = { 4: 0, 6: 0 };
  rules.forEach((rule, index) => {
    const at = settingPath(env.name, `instanceEgress.${index}`);
    if (rule.toPort !== undefined && rule.toPort < rule.fromPort) problems.push(`${at}.toPort: ${rule.toPort} — must not be below fromPort (${rule.fromPort})`);
    const destinations = (rule.cidrs?.length ?? 0) + (rule.prefixListIds?.length ?? 0) + (rule.securityGroupIds?.length ?? 0);
    if (destinations === 0) problems.push(`${at}: ${JSON.stringify(rule)} — names no destination: give cidrs, prefixListIds or securityGroupIds`);
    for (const cidr of rule.cidrs ?? []) perVersion[parseCidr(cidr)?.version === 6 ? 6 : 4] += 1;
    // Prefix-list and group references count against both versions' quota.
    const references = (rule.prefixListIds?.length ?? 0) + (rule.securityGroupIds?.length ?? 0);
    perVersion[4] += references;
    perVersion[6] += references;
  });
  for (const version of [4, 6] as const) {
    if (perVersion[version] > SECURITY_GROUP_RULE_QUOTA) {
      problems.push(
        `${settingPath(env.name, "instanceEgress")}: ${perVersion[version]} IPv${version} rules — a security group holds at most ${SECURITY_GROUP_RULE_QUOTA} outbound rules per IP version (EC2 default quota)`,
      );
    }
  }
  return problems;
}

/** One hosted zone, given by ID or by name; a zone given by name must contain the domain. */
function domainProblems(env: NetworkSettings & { readonly name: string }): string[] {
  const domain = env.domain;
  if (!domain) return [];
  const at = settingPath(env.name, "domain");
  if ((domain.hostedZoneId === undefined) === (domain.hostedZoneName === undefined)) {
    return [`${at}: ${JSON.stringify(domain)} — give exactly one of hostedZoneId and hostedZoneName (the public zone that holds ${domain.name})`];
  }
  const zone = domain.hostedZoneName;
  if (zone !== undefined && domain.name !== zone && !domain.name.endsWith(`.${zone}`)) {
    return [`${at}.hostedZoneName: "${zone}" — does not contain ${domain.name}: the alias and validation records must live in the name's own zone`];
  }
  return [];
}
