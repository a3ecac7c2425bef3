import { SecurityGroups } from "../../modules/network/security-groups";
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
});
