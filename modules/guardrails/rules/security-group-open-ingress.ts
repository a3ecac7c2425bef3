import { admitsLargePublicRange, publicAddressCount } from "../address-ranges";
import { computeSecurityGroups, COMPUTE_TYPES, inlineBlocks, instancesOf, publicIpReason } from "../effective";
import { Estate, EstateResource } from "../estate";
import { finding, Finding, GuardrailRule, isTrue, literalList } from "../rule";
import { isApplicationLoadBalancer, LOAD_BALANCER_TYPES } from "../resources";

const WEB_PORTS = new Set([80, 443]);
const INGRESS_TYPES = ["aws_security_group", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"];

interface Ingress {
  readonly label: string;
  readonly cidrs: string[];
  /** `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` (every protocol and port). */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  /** Address of the security group the rule belongs to (or its literal ID). */
  readonly group?: string;
}

const PROTOCOL_NAMES: Record<string, string> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", all: "-1" };
const protocolOf = (value: unknown) => {
  const text = String(value ?? "-1").toLowerCase();
  return PROTOCOL_NAMES[text] ?? text;
};

/** Literal CIDRs of a rule; a computed list cannot be judged here and counts as none. */
const cidrsOf = (rule: Record<string, any>) => [...(literalList(rule.cidr_blocks) ?? []), ...(literalList(rule.ipv6_cidr_blocks) ?? [])];

function ingressesOf(resource: EstateResource, estate: Estate): Ingress[] {
  const { type, address } = resource;
  const ports = (rule: Record<string, any>) => ({ fromPort: Number(rule.from_port ?? -1), toPort: Number(rule.to_port ?? -1) });
  return instancesOf(resource).flatMap(({ key, config }): Ingress[] => {
    if (type === "aws_security_group" || type === "aws_default_security_group") {
      // aws_default_security_group: Terraform removes AWS's default rules and keeps only these.
      return inlineBlocks(config.ingress).map((rule, index) => ({ label: `inline ingress ${index}`, cidrs: cidrsOf(rule), protocol: protocolOf(rule.protocol), ...ports(rule), group: address + key }));
    }
    const group = estate.target(config.security_group_id)?.address ?? (typeof config.security_group_id === "string" ? config.security_group_id : undefined);
    const label = `ingress rule${key}`;
    if (type === "aws_security_group_rule") {
      return config.type === "ingress" ? [{ label, cidrs: cidrsOf(config), protocol: protocolOf(config.protocol), ...ports(config), group }] : [];
    }
    return [{ label, cidrs: [config.cidr_ipv4, config.cidr_ipv6].filter((cidr) => typeof cidr === "string"), protocol: protocolOf(config.ip_protocol), ...ports(config), group }];
  });
}

/** Whether `outer` admits at least the traffic of `inner` (protocol and ports). */
const covers = (outer: Ingress, inner: Ingress) =>
  outer.protocol === "-1" || (outer.protocol === inner.protocol && inner.protocol !== "-1" && outer.fromPort <= inner.fromPort && outer.toPort >= inner.toPort);

/** Whether the security group at `address` is attached to an internet-facing application load balancer (`internal` unset = internet-facing). */
function guardsPublicAlb(address: string, estate: Estate): boolean {
  return estate.referencing(LOAD_BALANCER_TYPES, "security_groups", address).some(({ config }) => !isTrue(config.internal) && isApplicationLoadBalancer(config));
}

/** The first instance, launch template or launch configuration using the group whose instances get a public IP. */
function publicComputeUsing(address: string, estate: Estate): string | undefined {
  for (const resource of estate.ofType(...COMPUTE_TYPES)) {
    for (const { key, config } of instancesOf(resource)) {
      const uses = computeSecurityGroups(resource.type, config).some((group) => estate.target(group)?.address === address);
      if (uses && publicIpReason(resource, config, estate)) return resource.address + key;
    }
  }
  return undefined;
}

const describeCount = (cidrs: string[]) => {
  const { ipv4, ipv6 } = publicAddressCount(cidrs);
  return [ipv4 > 0n ? `${ipv4} public IPv4` : "", ipv6 > 0n ? `2^${ipv6.toString(2).length - 1}+ public IPv6` : ""].filter(Boolean).join(" and ") + " addresses";
};

/**
 * Defaults assumed (unset = what AWS applies): `protocol`/`ip_protocol` `-1` means every protocol
 * and port (EC2 API IpPermission); an `aws_lb` without `internal` is internet-facing and without
 * `load_balancer_type` is an application load balancer (CreateLoadBalancer: Scheme default
 * internet-facing, Type default application); an instance without `associate_public_ip_address`
 * gets a public IP when its subnet maps them (see effective.ts, subnetMapsPublicIp).
 */
export const securityGroupOpenIngress: GuardrailRule = {
  id: "SG-OPEN-INGRESS",
  checks:
    "No ingress whose CIDRs, with the group's other rules for the same ports, admit a large public range (as many public addresses as a /8, or an IPv6 /32; 0.0.0.0/1 + 128.0.0.0/1 is the internet), except TCP 80/443 into the group of an internet-facing ALB that no instance with a public IP shares",
  rationale: "Only the load balancer is meant to face the internet, and only on the web ports; instances sharing its group would face it too",
  mirrors: "checkov CKV_AWS_24/25/260/277, trivy AVD-AWS-0107, Security Hub EC2.18 and EC2.19 (all of which look for /0 only)",
  assumes: "protocol -1 = all ports; aws_lb internal unset = internet-facing; associate_public_ip_address unset = the subnet's MapPublicIpOnLaunch",
  severity: "error",
  resourceTypes: INGRESS_TYPES,
  check(resource, estate) {
    const everyIngress = estate.ofType(...INGRESS_TYPES).flatMap((other) => ingressesOf(other, estate));
    const findings: Finding[] = [];
    for (const ingress of ingressesOf(resource, estate)) {
      const own = publicAddressCount(ingress.cidrs);
      if (own.ipv4 === 0n && own.ipv6 === 0n) continue;
      const peers = ingress.group === undefined ? [] : everyIngress.filter((other) => other.group === ingress.group && covers(other, ingress));
      const cidrs = [...new Set([...ingress.cidrs, ...peers.flatMap((peer) => peer.cidrs)])];
      if (!admitsLargePublicRange(cidrs)) continue;
      const webPort = ingress.protocol === "tcp" && ingress.fromPort === ingress.toPort && WEB_PORTS.has(ingress.fromPort);
      const albGroup = webPort && ingress.group !== undefined && guardsPublicAlb(ingress.group, estate);
      const sharedWith = albGroup ? publicComputeUsing(ingress.group!, estate) : undefined;
      if (albGroup && !sharedWith) continue;
      const ports = ingress.protocol === "-1" ? "all ports" : `${ingress.protocol} ${ingress.fromPort}-${ingress.toPort}`;
      const together = cidrs.length > ingress.cidrs.length ? ` (with the group's other rules: ${cidrs.join(", ")})` : "";
      const why = sharedWith
        ? ` into the internet-facing ALB's group, which ${sharedWith} also uses and whose instances get public IPs`
        : webPort
          ? " into a group no internet-facing ALB uses"
          : "";
      findings.push(
        finding(
          `${ingress.label} admits ${ingress.cidrs.join(", ")}${together} on ${ports}: ${describeCount(cidrs)}${why}`,
          sharedWith
            ? "give the instances their own security group that admits only the load balancer's group (referenced_security_group_id)"
            : "admit the load balancer's security group (referenced_security_group_id) or specific CIDRs; only the ALB's group may take 80/443 from anywhere",
        ),
      );
    }
    return findings;
  },
};
