import { Lb } from "@cdktf/provider-aws/lib/lb";
import { resolveConfig } from "../../modules/config";
import { Domain } from "../../modules/network/domain";
import { LoadBalancer } from "../../modules/network/load-balancer";
import { Network } from "../../modules/network/network";
import { ipv6IngressCidrs } from "../../modules/network/security-groups";
import { problemsOf } from "../support/config";
import { synthModule } from "../support/synth";

// Dual-stack load balancers (issue 15): ipAddressType, the AAAA alias, IPv6 clients, and the plan-time IPv6 subnet check.
const lbProps = {
  name: "shop-dev",
  targetGroupName: "shop-dev-web",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
  securityGroupId: "sg-0123456789abcdef0",
  appPort: 8080,
  healthCheckPath: "/healthz",
};
const env = (settings: Record<string, unknown>) => ({ environments: { dev: settings } });

describe("dual-stack load balancer", () => {
  test("ipAddressType reaches the ALB when dual-stack; ipv4 (ELB's default) stays unset; an internal one is refused", () => {
    const lb = (ipAddressType?: "ipv4" | "dualstack") => Object.values<any>(synthModule((scope) => new LoadBalancer(scope, "lb", { ...lbProps, ipAddressType })).resources("aws_lb"))[0];
    expect(lb("dualstack").ip_address_type).toBe("dualstack");
    expect(lb("ipv4")).not.toHaveProperty("ip_address_type");
    expect(() => synthModule((scope) => new LoadBalancer(scope, "lb", { ...lbProps, scheme: "internal", ipAddressType: "dualstack" }))).toThrow(
      'LoadBalancer: ipAddressType "dualstack" needs an internet-facing load balancer (internal ones use ipv4)',
    );
  });

  test.each([
    ["ipv4", ["A"]],
    ["dualstack", ["A", "AAAA"]],
    ["dualstack-without-public-ipv4", ["AAAA"]],
  ] as const)("%s: alias records %j to the load balancer", (ipAddressType, types) => {
    const synth = synthModule((scope) =>
      new Domain(scope, "domain", { domain: { name: "shop.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }, requestCertificate: false }).aliasTo(new Lb(scope, "alb", { name: "shop" }), ipAddressType),
    );
    const records = Object.values<any>(synth.resources("aws_route53_record"));
    expect(records.map((record) => record.type)).toEqual(types);
    for (const record of records) expect(record.alias).toEqual({ name: expect.stringMatching(/aws_lb\..*\.dns_name/), zone_id: expect.stringMatching(/aws_lb\..*\.zone_id/), evaluate_target_health: true });
  });

  test("the plan refuses a dual-stack load balancer whose subnets lack an IPv6 CIDR block, before anything is created", () => {
    let ipv4!: Network;
    const synth = synthModule((scope) => {
      ipv4 = new Network(scope, "ipv4", { vpcId: "vpc-0123456789abcdef0" });
      const dual = new Network(scope, "dual", { vpcId: "vpc-0123456789abcdef0", requireIpv6: true });
      new LoadBalancer(scope, "lb", { ...lbProps, subnetIds: dual.subnetIds, preconditions: dual.loadBalancerConditions, ipAddressType: "dualstack" });
    });
    const preconditions = Object.values<any>(synth.resources("aws_lb"))[0].lifecycle.precondition;
    expect(preconditions.length).toBe(ipv4.loadBalancerConditions.length + 1);
    expect(preconditions[1]).toEqual({
      condition: expect.stringMatching(/^\$\{alltrue\(\[ for key, val in data\.aws_subnet\.dual_subnet_details_\w+: val\.ipv6_cidr_block != null && val\.ipv6_cidr_block != ""\]\)\}$/),
      error_message: expect.stringMatching(/^A dual-stack load balancer needs an IPv6 CIDR block on its VPC and every one of its subnets/),
    });
  });

  test("IPv6 clients: as configured; ::/0 only where the IPv4 clients are the whole internet; none for ipv4", () => {
    expect(ipv6IngressCidrs(true, ["0.0.0.0/0"], undefined)).toEqual(["::/0"]);
    expect(ipv6IngressCidrs(true, ["203.0.113.0/24"], undefined)).toEqual([]);
    expect(ipv6IngressCidrs(true, ["203.0.113.0/24"], ["2001:db8::/32"])).toEqual(["2001:db8::/32"]);
    expect(ipv6IngressCidrs(false, ["0.0.0.0/0"], undefined)).toEqual([]);
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
