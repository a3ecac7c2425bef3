import { resolveConfig } from "../../modules/config";
import { problemsOf } from "../support/config";

// Issue 15, "Network": subnet tiers, scheme, instance egress, and where a private fleet cannot work.

const env = (settings: Record<string, unknown>) => ({ environments: { dev: settings } });
const vpcId = "vpc-0123456789abcdef0";
const twoSubnets = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"];
const resolved = (settings: Record<string, unknown>) => resolveConfig(env(settings)).environments[0];

describe("network configuration", () => {
  test("ingressCidrs stay within the load balancer group's inbound-rule quota (one rule per CIDR and listener port)", () => {
    const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `198.51.${i}.0/24`);
    expect(problemsOf(env({ ingressCidrs: cidrs(30) }))).toEqual([]);
    expect(problemsOf(env({ ingressCidrs: cidrs(31) }))).toEqual([
      "environments.dev.ingressCidrs: 31 CIDRs — the load balancer's security group would hold 62 inbound rules (one per CIDR and port 80 and 443); a group holds at most 60 per IP version (EC2 default quota): list at most 30, or summarize them into wider blocks or a prefix list",
    ]);
  });

  test("a client block listed twice is refused (EC2 refuses the second, equal security-group rule)", () => {
    expect(
      problemsOf(env({ ingressCidrs: ["10.0.0.0/8", "192.168.0.0/16", "10.0.0.0/8"], ipAddressType: "dualstack", ingressIpv6Cidrs: ["2001:db8::/32", "2001:db8::/32"] })),
    ).toEqual([
      'environments.dev.ingressCidrs.2: "10.0.0.0/8" — the same block as ingressCidrs.0: the security group would get the same rule twice, which EC2 refuses (InvalidPermission.Duplicate)',
      'environments.dev.ingressIpv6Cidrs.1: "2001:db8::/32" — the same block as ingressIpv6Cidrs.0: the security group would get the same rule twice, which EC2 refuses (InvalidPermission.Duplicate)',
    ]);
  });

  test("each tier by IDs or by tags; a single tag value becomes a list", () => {
    const dev = resolved({ vpcId, loadBalancerSubnetTags: { Tier: "public" }, fleetSubnetTags: { Tier: ["private", "app"] }, scheme: "internet-facing" });
    expect(dev.loadBalancerSubnetTags).toEqual({ Tier: ["public"] });
    expect(dev.fleetSubnetTags).toEqual({ Tier: ["private", "app"] });
    expect(resolved({ vpcId, loadBalancerSubnetIds: twoSubnets, fleetSubnetIds: ["subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"] }).fleetSubnetIds).toHaveLength(2);
  });

  test("an internal load balancer may share its subnets with a private fleet", () => {
    expect(problemsOf(env({ vpcId, subnetIds: twoSubnets, scheme: "internal" }))).toEqual([]);
    expect(resolved({ vpcId, subnetIds: twoSubnets, scheme: "internal" }).scheme).toBe("internal");
  });

  test("instance egress as rules", () => {
    const rules = [
      { fromPort: 443, cidrs: ["0.0.0.0/0"] },
      { fromPort: 5432, securityGroupIds: ["sg-0123456789abcdef0"], description: "Postgres" },
      { protocol: "udp", fromPort: 53, prefixListIds: ["pl-63a5400a"] },
    ];
    expect(resolved({ instanceEgress: rules }).instanceEgress).toEqual(rules);
  });

  test("every problem of the new keys in one run, one line each", () => {
    expect(
      problemsOf(
        env({
          vpcId,
          subnetIds: twoSubnets,
          loadBalancerSubnetIds: twoSubnets,
          loadBalancerSubnetTags: { Tier: "public" },
          fleetSubnetTags: { Tier: [] },
          scheme: "external",
          instanceEgress: [{ fromPort: 443 }, { fromPort: 8080, toPort: 80, cidrs: ["10.0.0.1/16"] }, { port: 443 }],
        }),
      ),
    ).toEqual([
      'environments.dev.fleetSubnetTags.Tier: [] — must map each tag key to a value or a non-empty list of values (at most 256 characters each)',
      'environments.dev.scheme: "external" — must be one of internet-facing, internal',
      'environments.dev.instanceEgress.1.cidrs.0: "10.0.0.1/16" — host bits must be zero (AWS rejects it): write 10.0.0.0/16',
      'environments.dev.instanceEgress.2.fromPort: (missing) — must be a whole number from 1 to 65535',
      'environments.dev.instanceEgress.2.port: (unknown key) — not a setting; did you mean \"toPort\"?',
      'environments.dev.loadBalancerSubnetTags: {"Tier":["public"]} — select the load balancer\'s subnets by loadBalancerSubnetIds or by loadBalancerSubnetTags, not both',
    ]);
  });

  test("an empty tag key is refused in words, not as a length", () => {
    expect(problemsOf(env({ vpcId, loadBalancerSubnetTags: { "": "public" }, fleetSubnetTags: { Tier: "private" } }))).toEqual([
      'environments.dev.loadBalancerSubnetTags.: "" — tag keys must not be empty',
    ]);
  });

  test("cross-key rules: a port range in order, a destination per rule, subnetIds serving no tier", () => {
    expect(
      problemsOf(
        env({
          vpcId,
          subnetIds: twoSubnets,
          loadBalancerSubnetTags: { Tier: "public" },
          fleetSubnetTags: { Tier: "private" },
          instanceEgress: [{ fromPort: 443 }, { fromPort: 8080, toPort: 80, cidrs: ["10.0.0.0/16"] }],
        }),
      ),
    ).toEqual([
      'environments.dev.subnetIds: ["subnet-0aaaaaaaaaaaaaaa1","subnet-0bbbbbbbbbbbbbbb2"] — applies to neither tier: both the load balancer and the fleet select their own subnets; remove it',
      'environments.dev.instanceEgress.0: {"fromPort":443} — names no destination: give cidrs, prefixListIds or securityGroupIds',
      "environments.dev.instanceEgress.1.toPort: 80 — must not be below fromPort (8080)",
    ]);
  });

  test("more egress rules than a security group holds are refused, per IP version", () => {
    const cidrs = Array.from({ length: 61 }, (_, i) => `10.${i}.0.0/16`);
    expect(problemsOf(env({ instanceEgress: [{ fromPort: 443, cidrs }] }))).toEqual([
      "environments.dev.instanceEgress: 61 IPv4 rules — a security group holds at most 60 outbound rules per IP version (EC2 default quota)",
    ]);
  });

  describe("a fleet without public IPs in the internet-facing load balancer's subnets is refused", () => {
    const refusal =
      "environments.dev.associatePublicIp: false — the fleet shares the internet-facing load balancer's subnets: if they route to an internet gateway, " +
      "instances without a public IP cannot reach the CodeDeploy agent bucket, SSM or package mirrors and never bootstrap; if they do not, the load balancer is unreachable. " +
      "Put the fleet in private subnets (fleetSubnetIds or fleetSubnetTags) and the load balancer in public ones, or set scheme internal";

    test.each([
      ["vpcId alone (associatePublicIp defaults to false there)", { vpcId }],
      ["one subnetIds list for both", { vpcId, subnetIds: twoSubnets, associatePublicIp: false }],
      ["the same IDs given per tier", { vpcId, loadBalancerSubnetIds: twoSubnets, fleetSubnetIds: twoSubnets }],
    ])("%s", (_, settings) => {
      expect(problemsOf(env(settings))).toEqual([refusal]);
    });

    test.each([
      ["separate tiers by tag", { vpcId, loadBalancerSubnetTags: { Tier: "public" }, fleetSubnetTags: { Tier: "private" } }],
      ["the fleet's own IDs, the load balancer on subnetIds", { vpcId, subnetIds: twoSubnets, fleetSubnetIds: ["subnet-0ccccccccccccccc3", "subnet-0ddddddddddddddd4"] }],
      ["public IPs asked for", { vpcId, subnetIds: twoSubnets, associatePublicIp: true }],
      ["an internal load balancer", { vpcId, scheme: "internal" }],
    ])("accepted: %s", (_, settings) => {
      expect(problemsOf(env(settings))).toEqual([]);
    });
  });

  describe("domain and access logs", () => {
    test("a domain by zone ID or zone name", () => {
      expect(resolved({ domain: { name: "shop.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } }).domain).toEqual({ name: "shop.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" });
      expect(problemsOf(env({ domain: { name: "example.com", hostedZoneName: "example.com" } }))).toEqual([]);
    });

    test.each([
      [{ name: "shop.example.com" }, 'environments.dev.domain: {"name":"shop.example.com"} — give exactly one of hostedZoneId and hostedZoneName (the public zone that holds shop.example.com)'],
      [{ name: "shop.example.com", hostedZoneName: "example.org" }, 'environments.dev.domain.hostedZoneName: "example.org" — does not contain shop.example.com: the alias and validation records must live in the name\'s own zone'],
      [{ name: "shop.notexample.com", hostedZoneName: "example.com" }, 'environments.dev.domain.hostedZoneName: "example.com" — does not contain shop.notexample.com: the alias and validation records must live in the name\'s own zone'],
      [{ name: "*.example.com", hostedZoneId: "Z0123" }, 'environments.dev.domain.name: "*.example.com" — must be a lowercase DNS name such as shop.example.com (no trailing dot, no wildcard; labels of letters, digits and inner hyphens)'],
      [{ name: "shop.example.com", hostedZoneId: "z12" }, 'environments.dev.domain.hostedZoneId: "z12" — must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ'],
      [{ name: "shop.example.com", zone: "example.com" }, 'environments.dev.domain.zone: (unknown key) — not a setting; nearest keys: name, hostedZoneId, hostedZoneName'],
    ])("refuses domain %j", (domain, problem) => {
      expect(problemsOf(env({ domain }))).toEqual([problem]);
    });

    test("access logs: on in prod by default; an object turns them on with defaults for what it leaves out", () => {
      const config = resolveConfig({});
      expect(config.environments.map((e) => [e.name, e.accessLogs.enabled])).toEqual([["dev", false], ["staging", false], ["prod", true]]);
      expect(resolved({ accessLogs: { expirationDays: 30 } }).accessLogs).toEqual({ enabled: true, expirationDays: 30, connectionLogs: true });
      expect(resolved({ accessLogs: { connectionLogs: false } }).accessLogs).toEqual({ enabled: true, expirationDays: 90, connectionLogs: false });
    });

    test("access logs refused: a prod environment without them, bad days, unknown keys", () => {
      expect(problemsOf({ environments: { prod: { accessLogs: { enabled: false } } } })).toEqual([
        "environments.prod.accessLogs.enabled: false — a prod-profile environment keeps the load balancer's access logs (the ALB-ACCESS-LOGS guardrail, Security Hub ELB.5); give an environment you mean to run without them the staging profile",
      ]);
      expect(problemsOf(env({ accessLogs: { expirationDays: 0, bucket: "mine" } }))).toEqual([
        "environments.dev.accessLogs.expirationDays: 0 — must be a whole number from 1 to 3650",
        'environments.dev.accessLogs.bucket: (unknown key) — not a setting; nearest keys: enabled, connectionLogs, expirationDays',
      ]);
    });
  });

  describe("waf", () => {
    const webAclArn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/0f3b5d7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
    test("an existing web ACL, or the groups and limit of a new one", () => {
      expect(resolved({ waf: { webAclArn } }).waf).toEqual({ webAclArn });
      expect(problemsOf(env({ waf: {} }))).toEqual([]);
      expect(problemsOf(env({ waf: { managedRuleGroups: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet"], rateLimit: 1000 } }))).toEqual([]);
    });

    test("refused: both kinds, another Region, a CLOUDFRONT ACL, unknown or repeated groups, a limit out of range", () => {
      expect(problemsOf(env({ waf: { webAclArn: webAclArn.replace("us-east-1", "eu-west-1"), rateLimit: 1000 } }))).toEqual([
        `environments.dev.waf: {"webAclArn":"${webAclArn.replace("us-east-1", "eu-west-1")}","rateLimit":1000} — webAclArn associates an existing web ACL; managedRuleGroups and rateLimit shape a new one: give one or the other`,
        `environments.dev.waf.webAclArn: "${webAclArn.replace("us-east-1", "eu-west-1")}" — must be in the load balancer's region us-east-1, not eu-west-1`,
      ]);
      expect(problemsOf(env({ waf: { webAclArn: webAclArn.replace("regional", "global"), managedRuleGroups: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleSet", "BotControl"], rateLimit: 99 } }))).toEqual([
        expect.stringMatching(/^environments\.dev\.waf\.webAclArn: .* — must be the ARN of a REGIONAL WAFv2 web ACL/),
        expect.stringMatching(/^environments\.dev\.waf\.managedRuleGroups\.2: "BotControl" — must be one of AWSManagedRulesCommonRuleSet, /),
        "environments.dev.waf.rateLimit: 99 — must be a whole number from 100 to 2000000000",
      ]);
      expect(problemsOf(env({ waf: { managedRuleGroups: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesCommonRuleSet"] } }))).toEqual([
        'environments.dev.waf.managedRuleGroups: ["AWSManagedRulesCommonRuleSet","AWSManagedRulesCommonRuleSet"] — must not list a rule group twice',
      ]);
    });
  });

  test("a dual-stack load balancer takes the IPv6 clients as written", () => {
    const [dev] = resolveConfig(env({ ipAddressType: "dualstack", ingressCidrs: ["203.0.113.0/24"], ingressIpv6Cidrs: ["2001:db8::/32"] })).environments;
    expect(dev).toMatchObject({ ipAddressType: "dualstack", ingressIpv6Cidrs: ["2001:db8::/32"] });
  });

  test("configuration refuses IPv6 clients an IPv4-only or internal load balancer cannot serve, and ::/0 nobody asked for", () => {
    const at = "environments.dev";
    expect(problemsOf(env({ ingressIpv6Cidrs: ["2001:db8::/32"] }))).toEqual([
      `${at}.ingressIpv6Cidrs: ["2001:db8::/32"] — the load balancer is IPv4-only (ipAddressType ipv4), so IPv6 clients cannot reach it; set ipAddressType to dualstack or remove the key`,
    ]);
    expect(problemsOf(env({ ipAddressType: "dualstack", ingressCidrs: ["203.0.113.0/24"] }))).toEqual([
      `${at}.ingressIpv6Cidrs: (missing) — ingressCidrs restricts the IPv4 clients, so the IPv6 ones of a dual-stack load balancer are not assumed to be ::/0: list them, or set ipAddressType to ipv4`,
    ]);
    expect(problemsOf(env({ ipAddressType: "dualstack", scheme: "internal", ingressIpv6Cidrs: ["10.0.0.0/8"] }))).toEqual([
      `${at}.ingressIpv6Cidrs.0: "10.0.0.0/8" — must be an IPv6 CIDR block; IPv4 clients go in ingressCidrs`,
      `${at}.ipAddressType: "dualstack" — an internal load balancer must use ipv4 (ELB API reference, CreateLoadBalancer IpAddressType); use scheme internet-facing or ipAddressType ipv4`,
    ]);
    expect(problemsOf(env({ ipAddressType: "ipv6" }))).toEqual([`${at}.ipAddressType: "ipv6" — must be one of ipv4, dualstack, dualstack-without-public-ipv4`]);
    const many = Array.from({ length: 31 }, (_, index) => `2001:db8:${(index + 1).toString(16)}::/48`);
    expect(problemsOf(env({ ipAddressType: "dualstack", ingressIpv6Cidrs: many }))).toEqual([
      `${at}.ingressIpv6Cidrs: 31 CIDRs — the load balancer's security group would hold 62 IPv6 inbound rules (one per CIDR and port 80 and 443); a group holds at most 60 per IP version: list at most 30`,
    ]);
  });
});
