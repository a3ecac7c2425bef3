import { Construct } from "constructs";
import { Guardrails } from "../guardrails";
import { ResourceNames } from "../shared/naming";
import { AwsContext } from "../shared/aws-context";
import { HardenedBucket } from "../shared/hardened-bucket";
import { loadBalancerLogs } from "./access-logs";
import { Domain, DomainSettings } from "./domain";
import { IpAddressType, isDualStack, LoadBalancer, LoadBalancerScheme } from "./load-balancer";
import { Network } from "./network";
import { EgressRule, ipv6IngressCidrs, SecurityGroups } from "./security-groups";
import { WafSettings, WebApplicationFirewall } from "./waf";

/** Network and edge: where the estate lives and how clients reach the load balancer. */
export interface NetworkSettings {
  /** @default the region's default VPC */
  readonly vpcId?: string;
  /** Subnets for the load balancer and the fleet. @default every default-for-AZ subnet of the VPC */
  readonly subnetIds?: string[];
  /** The load balancer's own subnets (one per Availability Zone). @default `subnetIds` */
  readonly loadBalancerSubnetIds?: string[];
  /** The fleet's own subnets. @default `subnetIds` */
  readonly fleetSubnetIds?: string[];
  /** Select the load balancer's subnets of the VPC by tag (key → accepted values). @default `subnetIds` */
  readonly loadBalancerSubnetTags?: Record<string, string[]>;
  /** Select the fleet's subnets of the VPC by tag (key → accepted values). @default `subnetIds` */
  readonly fleetSubnetTags?: Record<string, string[]>;
  /** `internet-facing` or `internal`. @default internet-facing */
  readonly scheme?: LoadBalancerScheme;
  /** `ipv4`, `dualstack` or `dualstack-without-public-ipv4` (IP_ADDRESS_TYPES). @default ipv4 */
  readonly ipAddressType?: IpAddressType;
  /** Where the instances may connect to. @default HTTPS and HTTP to anywhere */
  readonly instanceEgress?: EgressRule[];
  /**
   * The service's DNS name: an alias record to the load balancer, and (without `certificateArn`)
   * an ACM certificate DNS-validated in the zone for the HTTPS listener. @default the load balancer's own DNS name, HTTP unless `certificateArn`
   */
  readonly domain?: DomainSettings;
  /** The load balancer's access logs (and connection logs) to a bucket of the stack, expiring after `expirationDays`. */
  readonly accessLogs: AccessLogSettings;
  /** AWS WAF: an existing web ACL, or one the stack creates. @default none */
  readonly waf?: WafSettings;
  /** Port the web server listens on and the target group sends traffic to. */
  readonly appPort: number;
  readonly healthCheckPath: string;
  /** ACM certificate for HTTPS; when set, port 80 redirects to 443. @default none (HTTP only) */
  readonly certificateArn?: string;
  /** Who may reach the load balancer (IPv4). */
  readonly ingressCidrs: string[];
  /** IPv6 clients of a dual-stack load balancer. @default `::/0` when `ingressCidrs` is `0.0.0.0/0`, else none */
  readonly ingressIpv6Cidrs?: string[];
  /** ALB deletion protection, and `prevent_destroy` on the seed fleet. */
  readonly deletionProtection: boolean;
  /** Seconds the target group drains a deregistered instance (every traffic shift). */
  readonly deregistrationDelaySeconds: number;
}

export interface AccessLogSettings {
  readonly enabled: boolean;
  /** Days a log object is kept. */
  readonly expirationDays: number;
  /** Connection logs (client TLS handshakes, mTLS) beside the access logs. */
  readonly connectionLogs: boolean;
}

export interface NetworkAndEdgeProps {
  /** The environment's derived AWS names. */
  readonly names: ResourceNames;
  readonly settings: NetworkSettings;
  /** The fleet's instance type: its subnets are narrowed to the zones that offer it. */
  readonly instanceType: string;
  /** Account and Region (the log bucket's name and policy). */
  readonly aws: AwsContext;
}

/**
 * Network and edge: the VPC and subnet lookup, the load balancer's and the instances' security
 * groups, and the Application Load Balancer with its production target group. Without a
 * certificate the HTTP listener serves (ALB-HTTP-REDIRECT is suppressed with that reason).
 *
 * A composition over `scope`, not a node of its own: its constructs keep the ids `network`,
 * `security` and `load_balancer` directly under the stack, so Terraform addresses do not depend
 * on how the code is grouped.
 */
export class NetworkAndEdge {
  public readonly network: Network;
  public readonly securityGroups: SecurityGroups;
  public readonly loadBalancer: LoadBalancer;
  public readonly domain?: Domain;
  public readonly firewall?: WebApplicationFirewall;
  /** The access-log bucket, when logs are on. */
  public readonly logs?: HardenedBucket;
  /** Where clients reach the service: `https://<domain>`, else the load balancer's URL. */
  public readonly url: string;

  constructor(scope: Construct, props: NetworkAndEdgeProps) {
    const { names, settings } = props;
    if (settings.domain) {
      this.domain = new Domain(scope, "domain", { domain: settings.domain, requestCertificate: settings.certificateArn === undefined });
    }
    const certificateArn = settings.certificateArn ?? this.domain?.certificateArn;
    const logs = loadBalancerLogs(scope, {
      aws: props.aws,
      bucketName: names.loadBalancerLogBucket(props.aws.accountId),
      settings: settings.accessLogs,
      deletionProtection: settings.deletionProtection,
    });
    this.logs = logs?.bucket;
    this.network = new Network(scope, "network", {
      vpcId: settings.vpcId,
      subnetIds: settings.subnetIds,
      loadBalancerSubnets: selection(settings.loadBalancerSubnetIds, settings.loadBalancerSubnetTags),
      fleetSubnets: selection(settings.fleetSubnetIds, settings.fleetSubnetTags),
      instanceType: props.instanceType,
      requireIpv6: isDualStack(settings.ipAddressType),
    });
    this.securityGroups = new SecurityGroups(scope, "security", {
      vpcId: this.network.vpcId,
      loadBalancerGroupName: names.albSecurityGroup,
      appGroupName: names.appSecurityGroup,
      ingressCidrs: [...settings.ingressCidrs, ...ipv6IngressCidrs(isDualStack(settings.ipAddressType), settings.ingressCidrs, settings.ingressIpv6Cidrs)],
      appPort: settings.appPort,
      instanceEgress: settings.instanceEgress,
    });
    this.loadBalancer = new LoadBalancer(scope, "load_balancer", {
      name: names.loadBalancer,
      targetGroupName: names.targetGroup,
      vpcId: this.network.vpcId,
      subnetIds: this.network.subnetIds,
      preconditions: this.network.loadBalancerConditions,
      logs: logs?.target,
      scheme: settings.scheme,
      ipAddressType: settings.ipAddressType,
      securityGroupId: this.securityGroups.loadBalancerGroup.id,
      appPort: settings.appPort,
      healthCheckPath: settings.healthCheckPath,
      certificateArn,
      deletionProtection: settings.deletionProtection,
      deregistrationDelaySeconds: settings.deregistrationDelaySeconds,
    });
    this.domain?.aliasTo(this.loadBalancer.loadBalancer, settings.ipAddressType);
    if (settings.waf) {
      this.firewall = new WebApplicationFirewall(scope, "firewall", { name: names.stem, settings: settings.waf, loadBalancerArn: this.loadBalancer.loadBalancer.arn });
    }
    this.url = this.domain ? `https://${this.domain.name}` : this.loadBalancer.url;
    if (!certificateArn) {
      Guardrails.suppress(
        this.loadBalancer,
        "ALB-HTTP-REDIRECT",
        "no certificateArn is configured for this environment, so there is no HTTPS to redirect to; setting one makes port 80 redirect",
      );
    }
  }
}

function selection(subnetIds: string[] | undefined, tags: Record<string, string[]> | undefined) {
  if (subnetIds) return { subnetIds };
  return tags ? { tags } : undefined;
}
