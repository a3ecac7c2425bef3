import { Estate, EstateResource } from "../estate";
import { blocks, finding, Finding, GuardrailRule, isTrue, literalList } from "../rule";

const ANYWHERE = new Set(["0.0.0.0/0", "::/0"]);
const WEB_PORTS = new Set([80, 443]);

/** Whether the security group at `address` is attached to an internet-facing application load balancer. */
function guardsPublicAlb(address: string, estate: Estate): boolean {
  return estate
    .referencing(["aws_lb", "aws_alb"], "security_groups", address)
    .some(({ config }) => !isTrue(config.internal) && (config.load_balancer_type ?? "application") === "application");
}

interface Ingress {
  readonly label: string;
  readonly cidrs: string[];
  readonly fromPort: number;
  readonly toPort: number;
  readonly protocol: string;
  /** Address of the security group the rule belongs to. */
  readonly group?: string;
}

/** Literal CIDRs of a rule; a computed list cannot be judged here and counts as none. */
const cidrsOf = (rule: Record<string, any>) => [...(literalList(rule.cidr_blocks) ?? []), ...(literalList(rule.ipv6_cidr_blocks) ?? [])];

function ingressesOf(resource: EstateResource, estate: Estate): Ingress[] {
  const { type, config, address } = resource;
  const ports = (rule: Record<string, any>) => ({ fromPort: Number(rule.from_port ?? -1), toPort: Number(rule.to_port ?? -1) });
  if (type === "aws_security_group") {
    return blocks(config.ingress).map((rule, index) => ({
      label: `inline ingress ${index}`,
      cidrs: cidrsOf(rule),
      ...ports(rule),
      protocol: String(rule.protocol),
      group: address,
    }));
  }
  const group = estate.target(config.security_group_id)?.address;
  if (type === "aws_security_group_rule") {
    if (config.type !== "ingress") return [];
    return [{ label: "ingress rule", cidrs: cidrsOf(config), ...ports(config), protocol: String(config.protocol), group }];
  }
  return [{ label: "ingress rule", cidrs: [config.cidr_ipv4, config.cidr_ipv6].filter(Boolean), ...ports(config), protocol: String(config.ip_protocol), group }];
}

export const securityGroupOpenIngress: GuardrailRule = {
  id: "SG-OPEN-INGRESS",
  checks: "No ingress from 0.0.0.0/0 or ::/0, except TCP 80/443 into the security group of an internet-facing ALB",
  rationale: "Only the load balancer is meant to face the internet, and only on the web ports",
  mirrors: "checkov CKV_AWS_24/25/260/277, trivy AVD-AWS-0107, Security Hub EC2.18 and EC2.19",
  severity: "error",
  resourceTypes: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check(resource, estate) {
    const findings: Finding[] = [];
    for (const ingress of ingressesOf(resource, estate)) {
      const open = ingress.cidrs.filter((cidr) => ANYWHERE.has(cidr));
      if (open.length === 0) continue;
      const tcp = ingress.protocol === "tcp" || ingress.protocol === "6";
      const webPort = tcp && ingress.fromPort === ingress.toPort && WEB_PORTS.has(ingress.fromPort);
      if (webPort && ingress.group !== undefined && guardsPublicAlb(ingress.group, estate)) continue;
      const ports = ingress.protocol === "-1" ? "all ports" : `${ingress.protocol} ${ingress.fromPort}-${ingress.toPort}`;
      findings.push(
        finding(
          `${ingress.label} admits ${open.join(" and ")} on ${ports}` + (webPort ? " into a group no internet-facing ALB uses" : ""),
          "admit the load balancer's security group (referenced_security_group_id) or specific CIDRs; only the ALB's group may take 80/443 from anywhere",
        ),
      );
    }
    return findings;
  },
};
