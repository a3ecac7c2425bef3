import { ipv6IngressCidrs, SecurityGroups } from "../../modules/network/security-groups";
import { synthModule } from "../support/synth";

const props = { vpcId: "vpc-0123456789abcdef0", loadBalancerGroupName: "shop-dev-alb", appGroupName: "shop-dev-app", appPort: 8080 };

describe("SecurityGroups", () => {
  const synth = synthModule((scope) => new SecurityGroups(scope, "security", { ...props, ingressCidrs: ["203.0.113.0/24", "2001:db8::/32"] }));
  const ingress = Object.values<any>(synth.resources("aws_vpc_security_group_ingress_rule"));
  const egress = Object.values<any>(synth.resources("aws_vpc_security_group_egress_rule"));

  test("clients reach the load balancer on 80 and 443 from each allowed CIDR, IPv4 and IPv6", () => {
    const clientRules = ingress.filter((rule) => rule.cidr_ipv4 || rule.cidr_ipv6);
    expect(clientRules.map((r) => `${r.cidr_ipv4 ?? r.cidr_ipv6}:${r.from_port}-${r.to_port}`).sort()).toEqual([
      "2001:db8::/32:443-443",
      "2001:db8::/32:80-80",
      "203.0.113.0/24:443-443",
      "203.0.113.0/24:80-80",
    ]);
  });

  test("instances accept only the app port, only from the load balancer; no SSH anywhere", () => {
    const appIngress = ingress.filter((rule) => rule.security_group_id.includes("security_app"));
    expect(appIngress).toEqual([
      expect.objectContaining({ from_port: 8080, to_port: 8080, ip_protocol: "tcp", referenced_security_group_id: expect.stringContaining("security_load_balancer") }),
    ]);
    expect(ingress.every((rule) => rule.from_port !== 22 && rule.to_port !== 22)).toBe(true);
  });

  test("the load balancer may only reach the instances, on the app port", () => {
    const lbEgress = egress.filter((rule) => rule.security_group_id.includes("security_load_balancer"));
    expect(lbEgress).toEqual([expect.objectContaining({ from_port: 8080, to_port: 8080, referenced_security_group_id: expect.stringContaining("security_app") })]);
  });

  test("every group and rule says what it is for", () => {
    for (const group of Object.values<any>(synth.resources("aws_security_group"))) expect(group.description.length).toBeGreaterThan(20);
    for (const rule of [...ingress, ...egress]) expect(rule.description.length).toBeGreaterThan(20);
  });

  test("rejects an empty CIDR list", () => {
    expect(() => synthModule((scope) => new SecurityGroups(scope, "s", { ...props, ingressCidrs: [] }))).toThrow(
      "SecurityGroups: ingressCidrs must list at least one CIDR block",
    );
  });

  describe("instanceEgress replaces the fixed HTTPS/HTTP egress", () => {
    const rules = (instanceEgress: any[]) =>
      Object.values<any>(
        synthModule((scope) => new SecurityGroups(scope, "security", { ...props, ingressCidrs: ["0.0.0.0/0"], instanceEgress })).resources("aws_vpc_security_group_egress_rule"),
      ).filter((rule) => rule.security_group_id.includes("security_app"));

    test("one rule per destination: CIDRs (IPv4 and IPv6), prefix lists, security groups; tcp unless udp; toPort defaults to fromPort", () => {
      const egress = rules([
        { fromPort: 443, cidrs: ["0.0.0.0/0", "::/0"], prefixListIds: ["pl-63a5400a"] },
        { fromPort: 5432, securityGroupIds: ["sg-0123456789abcdef1"], description: "Postgres" },
        { protocol: "udp", fromPort: 1024, toPort: 2048, cidrs: ["10.0.0.0/16"] },
      ]);
      expect(egress.map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4 ?? r.cidr_ipv6 ?? r.prefix_list_id ?? r.referenced_security_group_id, r.description])).toEqual([
        ["tcp", 443, 443, "0.0.0.0/0", "Instances out: tcp 443 to 0.0.0.0/0"],
        ["tcp", 443, 443, "::/0", "Instances out: tcp 443 to ::/0"],
        ["tcp", 443, 443, "pl-63a5400a", "Instances out: tcp 443 to pl-63a5400a"],
        ["tcp", 5432, 5432, "sg-0123456789abcdef1", "Postgres"],
        ["udp", 1024, 2048, "10.0.0.0/16", "Instances out: udp 1024-2048 to 10.0.0.0/16"],
      ]);
    });

    test("without it, HTTPS and HTTP to anywhere, as the bootstrap needs", () => {
      const app = egress.filter((rule) => rule.security_group_id.includes("security_app"));
      expect(app.map((r) => `${r.cidr_ipv4}:${r.from_port}`).sort()).toEqual(["0.0.0.0/0:443", "0.0.0.0/0:80"]);
    });

    test.each([
      [[], "SecurityGroups: instanceEgress must list at least one rule"],
      [[{ fromPort: 443 }], "SecurityGroups: instanceEgress[0] names no destination (cidrs, prefixListIds or securityGroupIds)"],
      [[{ fromPort: 443, toPort: 80, cidrs: ["0.0.0.0/0"] }], "SecurityGroups: instanceEgress[0] ports 443-80 must be a range within 1-65535"],
    ])("rejects %j", (instanceEgress, message) => {
      expect(() => rules(instanceEgress)).toThrow(message);
    });
  });

  test("dual-stack IPv6 clients: as configured; ::/0 only where the IPv4 clients are the whole internet; none for ipv4", () => {
    expect(ipv6IngressCidrs(true, ["0.0.0.0/0"], undefined)).toEqual(["::/0"]);
    expect(ipv6IngressCidrs(true, ["203.0.113.0/24"], undefined)).toEqual([]);
    expect(ipv6IngressCidrs(true, ["203.0.113.0/24"], ["2001:db8::/32"])).toEqual(["2001:db8::/32"]);
    expect(ipv6IngressCidrs(false, ["0.0.0.0/0"], undefined)).toEqual([]);
  });
});
