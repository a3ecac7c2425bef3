import { cidrInterval } from "../../address-ranges";
import { Estate, EstateResource } from "../../estate";
import { blocks, finding, Finding, GuardrailRule, literalList } from "../../rule";
import { DEPLOYMENT_GROUP_TYPES } from "../../resources";

/** Ingress of `group` (standalone rules and inline blocks) that covers `port`, as CIDR blocks. */
function ingressCidrs(group: EstateResource, port: number, estate: Estate): string[] {
  const covers = (from: unknown, to: unknown, protocol: unknown) =>
    String(protocol) === "-1" || (Number(from ?? 0) <= port && port <= Number(to ?? 65535));
  const standalone = estate
    .referencing("aws_vpc_security_group_ingress_rule", "security_group_id", group.address)
    .filter(({ config }) => covers(config.from_port, config.to_port, config.ip_protocol))
    .flatMap(({ config }) => [config.cidr_ipv4, config.cidr_ipv6].filter((cidr): cidr is string => typeof cidr === "string"));
  const inline = blocks(group.config.ingress)
    .filter((rule) => covers(rule.from_port, rule.to_port, rule.protocol))
    .flatMap((rule) => [...(literalList(rule.cidr_blocks) ?? []), ...(literalList(rule.ipv6_cidr_blocks) ?? [])]);
  return [...standalone, ...inline];
}

/** Whether a CIDR is the whole IPv4 or IPv6 internet. */
function isEveryone(cidr: string): boolean {
  const parsed = cidrInterval(cidr);
  return parsed !== undefined && (cidr.endsWith("/0"));
}

export const ecsTestListenerPrivate: GuardrailRule = {
  id: "ECS-TEST-LISTENER-PRIVATE",
  checks: "The test listener of an ECS blue/green deployment group is not open to the internet (no 0.0.0.0/0 or ::/0 on its port)",
  rationale: "The test listener serves the replacement task set before its smoke tests and alarms have passed judgment",
  mirrors: "none (no scanner knows which listener CodeDeploy routes test traffic through)",
  severity: "error",
  resourceTypes: DEPLOYMENT_GROUP_TYPES,
  check(group, estate) {
    const findings: Finding[] = [];
    const pair = blocks(blocks(group.config.load_balancer_info)[0]?.target_group_pair_info)[0];
    for (const route of blocks(pair?.test_traffic_route)) {
      for (const arn of literalList(route.listener_arns) ?? []) {
        const listener = estate.target(arn);
        const loadBalancer = listener && estate.target(listener.config.load_balancer_arn);
        if (!listener || !loadBalancer) continue;
        const port = Number(listener.config.port);
        for (const groupId of literalList(loadBalancer.config.security_groups) ?? []) {
          const securityGroup = estate.target(groupId);
          if (!securityGroup) continue;
          const open = ingressCidrs(securityGroup, port, estate).filter(isEveryone);
          if (open.length > 0) {
            findings.push(
              finding(
                `the test listener ${listener.address} (port ${port}) admits ${open.join(", ")} through ${securityGroup.address}`,
                "admit only the testers' and the hook's NAT addresses on the test port (ecs.testListenerCidrs)",
              ),
            );
          }
        }
      }
    }
    return findings;
  },
};
