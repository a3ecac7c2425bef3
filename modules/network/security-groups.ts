import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";

export interface SecurityGroupsProps {
  readonly vpcId: string;
  /** Name of the load balancer's group. */
  readonly loadBalancerGroupName: string;
  /** Name of the instances' group. */
  readonly appGroupName: string;
  /** CIDR blocks (IPv4 or IPv6) allowed to reach the load balancer on 80 and 443. */
  readonly ingressCidrs: string[];
  /** Port the instances serve on; the only port the load balancer may reach them on. */
  readonly appPort: number;
  /**
   * Where the instances may connect to. Each rule becomes one egress rule per destination.
   * @default HTTPS (443) and HTTP (80) to 0.0.0.0/0: AWS APIs, the CodeDeploy agent bucket and package mirrors
   */
  readonly instanceEgress?: EgressRule[];
}

/** One outbound permission of the instances: a protocol and port range to CIDRs, prefix lists or security groups. */
export interface EgressRule {
  /** @default "Instances out: <protocol> <ports>" */
  readonly description?: string;
  /** @default tcp */
  readonly protocol?: "tcp" | "udp";
  readonly fromPort: number;
  /** @default fromPort */
  readonly toPort?: number;
  /** IPv4 or IPv6 CIDR blocks. */
  readonly cidrs?: string[];
  /** Managed prefix lists (`pl-…`), e.g. the S3 gateway endpoint's. */
  readonly prefixListIds?: string[];
  /** Security groups (`sg-…`) of the VPC, e.g. a database's. */
  readonly securityGroupIds?: string[];
}

/**
 * Rules per security group and direction, per IP version: EC2's default quota "Inbound or
 * outbound rules per security group" (60; VPC user guide, "Amazon VPC quotas").
 */
export const SECURITY_GROUP_RULE_QUOTA = 60;

/**
 * The IPv6 clients a dual-stack load balancer admits: `ingressIpv6Cidrs` as written; else `::/0`
 * when the IPv4 clients are the whole internet (`0.0.0.0/0`, the default), as AWS CDK's open
 * dual-stack listener admits `anyIpv4()` and `anyIpv6()`; else none (configuration refuses that
 * case: restricted IPv4 clients say nothing about which IPv6 ones may come). Nothing for ipv4.
 */
export function ipv6IngressCidrs(dualStack: boolean, ingressCidrs: readonly string[], ingressIpv6Cidrs: readonly string[] | undefined): string[] {
  if (!dualStack) return [];
  if (ingressIpv6Cidrs) return [...ingressIpv6Cidrs];
  return ingressCidrs.length === 1 && ingressCidrs[0] === "0.0.0.0/0" ? ["::/0"] : [];
}

/** The load balancer's listener ports each client CIDR is admitted to (one ingress rule each). */
export const LISTENER_PORTS = [80, 443];

/**
 * The two security groups and the rules between them: clients → ALB on 80/443, ALB → app on
 * `appPort`, nothing else inbound (no SSH: use SSM Session Manager). Rules are standalone
 * resources, one per CIDR and port, so adding a CIDR does not rewrite the others.
 */
export class SecurityGroups extends Construct {
  public readonly loadBalancerGroup: SecurityGroup;
  public readonly appGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id);
    if (props.ingressCidrs.length === 0) {
      throw new Error("SecurityGroups: ingressCidrs must list at least one CIDR block");
    }

    this.loadBalancerGroup = new SecurityGroup(this, "load_balancer", {
      name: props.loadBalancerGroupName,
      description: "Application Load Balancer: HTTP(S) from the allowed CIDRs, out to the app port only",
      vpcId: props.vpcId,
      tags: { Name: props.loadBalancerGroupName },
    });
    this.appGroup = new SecurityGroup(this, "app", {
      name: props.appGroupName,
      description: "Web instances: app port from the load balancer only; no SSH (use SSM Session Manager)",
      vpcId: props.vpcId,
      tags: { Name: props.appGroupName },
    });

    props.ingressCidrs.forEach((cidr, index) => {
      for (const port of LISTENER_PORTS) {
        new VpcSecurityGroupIngressRule(this, `client_${port}_${index}`, {
          securityGroupId: this.loadBalancerGroup.id,
          description: `Clients in ${cidr} to the load balancer on ${port}`,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          ...(cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
        });
      }
    });

    new VpcSecurityGroupEgressRule(this, "load_balancer_to_app", {
      securityGroupId: this.loadBalancerGroup.id,
      description: `Load balancer to the instances on the app port ${props.appPort}`,
      ipProtocol: "tcp",
      fromPort: props.appPort,
      toPort: props.appPort,
      referencedSecurityGroupId: this.appGroup.id,
    });
    new VpcSecurityGroupIngressRule(this, "app_from_load_balancer", {
      securityGroupId: this.appGroup.id,
      description: `Instances accept the app port ${props.appPort} from the load balancer only`,
      ipProtocol: "tcp",
      fromPort: props.appPort,
      toPort: props.appPort,
      referencedSecurityGroupId: this.loadBalancerGroup.id,
    });
    if (props.instanceEgress) {
      this.egressRules(props.instanceEgress);
      return;
    }
    // Instances fetch packages, the CodeDeploy agent and revisions over HTTPS, and packages over HTTP.
    for (const [port, purpose] of [
      [443, "HTTPS to AWS APIs, the agent bucket and package mirrors"],
      [80, "HTTP to package mirrors"],
    ] as const) {
      new VpcSecurityGroupEgressRule(this, `app_egress_${port}`, {
        securityGroupId: this.appGroup.id,
        description: `Instances out: ${purpose}`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: "0.0.0.0/0",
      });
    }
  }

  private egressRules(rules: EgressRule[]): void {
    if (rules.length === 0) throw new Error("SecurityGroups: instanceEgress must list at least one rule (instances cannot bootstrap without a way out)");
    rules.forEach((rule, index) => {
      const protocol = rule.protocol ?? "tcp";
      const toPort = rule.toPort ?? rule.fromPort;
      const destinations: Array<[string, Record<string, string>]> = [
        ...(rule.cidrs ?? []).map((cidr): [string, Record<string, string>] => [cidr, cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr }]),
        ...(rule.prefixListIds ?? []).map((id): [string, Record<string, string>] => [id, { prefixListId: id }]),
        ...(rule.securityGroupIds ?? []).map((id): [string, Record<string, string>] => [id, { referencedSecurityGroupId: id }]),
      ];
      if (destinations.length === 0) throw new Error(`SecurityGroups: instanceEgress[${index}] names no destination (cidrs, prefixListIds or securityGroupIds)`);
      if (!(rule.fromPort >= 1 && toPort <= 65535 && rule.fromPort <= toPort)) {
        throw new Error(`SecurityGroups: instanceEgress[${index}] ports ${rule.fromPort}-${toPort} must be a range within 1-65535`);
      }
      const ports = rule.fromPort === toPort ? String(rule.fromPort) : `${rule.fromPort}-${toPort}`;
      destinations.forEach(([destination, target], position) => {
        new VpcSecurityGroupEgressRule(this, `app_egress_${index}_${position}`, {
          securityGroupId: this.appGroup.id,
          description: rule.description ?? `Instances out: ${protocol} ${ports} to ${destination}`,
          ipProtocol: protocol,
          fromPort: rule.fromPort,
          toPort,
          ...target,
        });
      });
    });
  }
}
