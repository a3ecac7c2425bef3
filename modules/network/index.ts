import { Construct } from "constructs";
import { Guardrails } from "../guardrails";
import { ResourceNames } from "../shared/naming";
import { LoadBalancer } from "./load-balancer";
import { Network } from "./network";
import { SecurityGroups } from "./security-groups";

/** Network and edge: where the estate lives and how clients reach the load balancer. */
export interface NetworkSettings {
  /** @default the region's default VPC */
  readonly vpcId?: string;
  /** Subnets for the load balancer and the fleet. @default every default-for-AZ subnet of the VPC */
  readonly subnetIds?: string[];
  /** Port the web server listens on and the target group sends traffic to. */
  readonly appPort: number;
  readonly healthCheckPath: string;
  /** ACM certificate for HTTPS; when set, port 80 redirects to 443. @default none (HTTP only) */
  readonly certificateArn?: string;
  /** Who may reach the load balancer. */
  readonly ingressCidrs: string[];
  /** ALB deletion protection, and `prevent_destroy` on the seed fleet. */
  readonly deletionProtection: boolean;
  /** Seconds the target group drains a deregistered instance (every traffic shift). */
  readonly deregistrationDelaySeconds: number;
}

export interface NetworkAndEdgeProps {
  /** The environment's derived AWS names. */
  readonly names: ResourceNames;
  readonly settings: NetworkSettings;
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

  constructor(scope: Construct, props: NetworkAndEdgeProps) {
    const { names, settings } = props;
    this.network = new Network(scope, "network", { vpcId: settings.vpcId, subnetIds: settings.subnetIds });
    this.securityGroups = new SecurityGroups(scope, "security", {
      vpcId: this.network.vpcId,
      loadBalancerGroupName: names.albSecurityGroup,
      appGroupName: names.appSecurityGroup,
      ingressCidrs: settings.ingressCidrs,
      appPort: settings.appPort,
    });
    this.loadBalancer = new LoadBalancer(scope, "load_balancer", {
      name: names.loadBalancer,
      targetGroupName: names.targetGroup,
      vpcId: this.network.vpcId,
      subnetIds: this.network.subnetIds,
      subnetPrecondition: this.network.spansTwoZonesCondition,
      securityGroupId: this.securityGroups.loadBalancerGroup.id,
      appPort: settings.appPort,
      healthCheckPath: settings.healthCheckPath,
      certificateArn: settings.certificateArn,
      deletionProtection: settings.deletionProtection,
      deregistrationDelaySeconds: settings.deregistrationDelaySeconds,
    });
    if (!settings.certificateArn) {
      Guardrails.suppress(
        this.loadBalancer,
        "ALB-HTTP-REDIRECT",
        "no certificateArn is configured for this environment, so there is no HTTPS to redirect to; setting one makes port 80 redirect",
      );
    }
  }
}
