import { Construct } from "constructs";
import { Fn, Op, TerraformIterator, Token } from "cdktf";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { DataAwsSubnets, DataAwsSubnetsFilter } from "@cdktf/provider-aws/lib/data-aws-subnets";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { DataAwsEc2InstanceTypeOfferings } from "@cdktf/provider-aws/lib/data-aws-ec2-instance-type-offerings";

/** How one tier's subnets are chosen: by ID, or by tags (each key matching any of its values). */
export interface SubnetSelection {
  /** At least two subnets, in different Availability Zones. */
  readonly subnetIds?: string[];
  /** Tag key → accepted values, e.g. `{ Tier: ["public"] }` (DescribeSubnets filter `tag:<key>`). */
  readonly tags?: Record<string, string[]>;
}

export interface NetworkProps {
  /** VPC to deploy into. @default the region's default VPC */
  readonly vpcId?: string;
  /**
   * Subnets for both tiers, unless a tier has its own selection.
   * @default the default-for-AZ subnets of the default VPC, or every subnet of `vpcId`
   */
  readonly subnetIds?: string[];
  /** The load balancer's subnets (public ones for an internet-facing ALB). @default `subnetIds` */
  readonly loadBalancerSubnets?: SubnetSelection;
  /** The fleet's subnets (private ones with a NAT route or VPC endpoints). @default `subnetIds` */
  readonly fleetSubnets?: SubnetSelection;
  /**
   * EC2 instance type of the fleet: its subnets are narrowed to the Availability Zones that offer
   * it (DescribeInstanceTypeOfferings, location type availability-zone-id). @default no narrowing
   */
  readonly instanceType?: string;
  /**
   * The load balancer is dual-stack: every one of its subnets must have an IPv6 CIDR block, which
   * the plan checks before anything is created (ELB user guide, "Dualstack requirements"). @default false
   */
  readonly requireIpv6?: boolean;
}

/** A Terraform condition and the message the plan fails with when it is false. */
export interface PlanCondition {
  readonly condition: string;
  readonly errorMessage: string;
}

/**
 * Looks up (never creates) the VPC and each tier's subnets, and makes the plan fail before
 * anything is created where AWS would refuse or misbehave at apply:
 * - fewer than two subnets match a tier (postconditions of the lookups);
 * - the load balancer's subnets span fewer than two Availability Zones, or two of them share a
 *   zone (CreateLoadBalancer: "You can specify only one subnet per Availability Zone");
 * - the fleet's subnets span fewer than two zones once narrowed to the zones that offer the
 *   instance type (us-east-1's use1-az3 offers no t3 or m5) and, with tiers of their own, to the
 *   zones the load balancer has a subnet in (targets in a zone the load balancer is not enabled
 *   in receive no traffic: ALB user guide, "Availability Zones and load balancer nodes").
 * The load balancer takes `loadBalancerConditions` as its preconditions.
 */
export class Network extends Construct {
  public readonly vpcId: string;
  /** The load balancer's subnets. */
  public readonly subnetIds: string[];
  /** The fleet's subnets: its tier's, in zones that offer the instance type. */
  public readonly fleetSubnetIds: string[];
  /** Terraform condition, true when the load balancer's subnets span at least two Availability Zones. */
  public readonly spansTwoZonesCondition: string;
  /** Every plan-time check the load balancer carries as a precondition (the first is `spansTwoZonesCondition`). */
  public readonly loadBalancerConditions: PlanCondition[];

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    for (const [key, ids] of [
      ["subnetIds", props.subnetIds],
      ["loadBalancerSubnets.subnetIds", props.loadBalancerSubnets?.subnetIds],
      ["fleetSubnets.subnetIds", props.fleetSubnets?.subnetIds],
    ] as const) {
      if (ids !== undefined && ids.length < 2) {
        throw new Error(`Network: ${key} must list at least two subnets in different Availability Zones, got ${ids.length}`);
      }
    }
    for (const [key, selection] of [["loadBalancerSubnets", props.loadBalancerSubnets], ["fleetSubnets", props.fleetSubnets]] as const) {
      if (selection?.subnetIds && selection.tags) throw new Error(`Network: ${key} selects by subnetIds or by tags, not both`);
      if (selection?.tags && Object.keys(selection.tags).length === 0) throw new Error(`Network: ${key}.tags must name at least one tag`);
    }

    const vpc = new DataAwsVpc(this, "vpc", props.vpcId !== undefined ? { id: props.vpcId } : { default: true });
    this.vpcId = vpc.id;

    const tierFilter = (selection: SubnetSelection | undefined): DataAwsSubnetsFilter[] => {
      const filter: DataAwsSubnetsFilter[] = [{ name: "vpc-id", values: [vpc.id] }];
      const ids = selection?.subnetIds ?? (selection?.tags ? undefined : props.subnetIds);
      if (ids !== undefined) filter.push({ name: "subnet-id", values: ids });
      else if (selection?.tags) {
        for (const [key, values] of Object.entries(selection.tags)) filter.push({ name: `tag:${key}`, values });
      } else if (props.vpcId === undefined) {
        // One subnet per AZ: the default VPC's own, public ones.
        filter.push({ name: "default-for-az", values: ["true"] });
      }
      return filter;
    };
    const atLeastTwo = (tier: string, fix: string) => ({
      condition: "${length(self.ids) >= 2}",
      errorMessage: `The VPC has fewer than two matching ${tier} subnets; the load balancer and the Auto Scaling group need two Availability Zones. ${fix}`,
    });

    const loadBalancerFilter = tierFilter(props.loadBalancerSubnets);
    const subnets = new DataAwsSubnets(this, "subnets", {
      filter: loadBalancerFilter,
      lifecycle: {
        postcondition: [
          props.loadBalancerSubnets
            ? atLeastTwo("load balancer", "Check loadBalancerSubnetIds or loadBalancerSubnetTags.")
            : {
                condition: "${length(self.ids) >= 2}",
                errorMessage:
                  "The VPC has fewer than two matching subnets; the load balancer and the Auto Scaling group need two Availability Zones. Set subnetIds (and vpcId) for this environment.",
              },
        ],
      },
    });
    this.subnetIds = subnets.ids;
    const subnetIterator = TerraformIterator.fromList(subnets.ids);
    const details = new DataAwsSubnet(this, "subnet_details", { forEach: subnetIterator, id: subnetIterator.value });
    const zonesExpression = `[ for key, val in ${details.fqn}: val.availability_zone]`;
    const zones = TerraformIterator.fromDataSources(details).pluckProperty("availability_zone");
    this.spansTwoZonesCondition = Token.asString(Op.gte(Fn.lengthOf(Fn.distinct(Token.asList(zones))), 2));
    this.loadBalancerConditions = [
      { condition: this.spansTwoZonesCondition, errorMessage: "The load balancer's subnets must span at least two Availability Zones." },
    ];
    if (props.requireIpv6) {
      // A subnet without IPv6 reads ipv6_cidr_block "" (DescribeSubnets has no Ipv6CidrBlockAssociationSet entry).
      this.loadBalancerConditions.push({
        condition: `\${alltrue([ for key, val in ${details.fqn}: val.ipv6_cidr_block != null && val.ipv6_cidr_block != ""])}`,
        errorMessage:
          "A dual-stack load balancer needs an IPv6 CIDR block on its VPC and every one of its subnets (ELB user guide, Dualstack requirements); associate one with each subnet, or set ipAddressType to ipv4.",
      });
    }

    // The tiers share one selection unless either has its own.
    const shared = props.fleetSubnets === undefined && props.loadBalancerSubnets === undefined;
    if (props.instanceType === undefined && shared) {
      this.fleetSubnetIds = this.subnetIds;
      return;
    }

    this.loadBalancerConditions.push({
      condition: `\${length(distinct(${zonesExpression})) == length(${zonesExpression})}`,
      errorMessage:
        "The load balancer's subnets include two in one Availability Zone; an ALB takes one subnet per zone (CreateLoadBalancer). Select one subnet per zone (loadBalancerSubnetIds, or loadBalancerSubnetTags that match only the public tier).",
    });

    const fleetFilter = shared ? [...loadBalancerFilter] : tierFilter(props.fleetSubnets);
    // Separate tiers: only the fleet subnets in the load balancer's zones (shared ones are those subnets).
    if (!shared) fleetFilter.push({ name: "availability-zone", values: Token.asList(`\${distinct(${zonesExpression})}`) });
    if (props.instanceType !== undefined) {
      const offerings = new DataAwsEc2InstanceTypeOfferings(this, "fleet_zones", {
        locationType: "availability-zone-id",
        filter: [{ name: "instance-type", values: [props.instanceType] }],
        lifecycle: {
          postcondition: [
            {
              condition: "${length(self.locations) > 0}",
              errorMessage: `instanceType "${props.instanceType}": no Availability Zone of this Region offers it (DescribeInstanceTypeOfferings); choose one it offers.`,
            },
          ],
        },
      });
      fleetFilter.push({ name: "availability-zone-id", values: offerings.locations });
    }
    const fleetSubnets = new DataAwsSubnets(this, "fleet_subnets", {
      filter: fleetFilter,
      lifecycle: {
        postcondition: [
          atLeastTwo(
            "fleet",
            `Fleet subnets count only in Availability Zones that offer ${props.instanceType ?? "the instance type"}${shared ? "" : " and hold a load balancer subnet"}; check fleetSubnetIds or fleetSubnetTags, or choose an instance type more zones offer.`,
          ),
        ],
      },
    });
    this.fleetSubnetIds = fleetSubnets.ids;

    // The fleet's zones: its subnets are among the load balancer's when the tiers are shared.
    let fleetZones: string;
    if (!shared) {
      const fleetIterator = TerraformIterator.fromList(fleetSubnets.ids);
      const fleetDetails = new DataAwsSubnet(this, "fleet_subnet_details", { forEach: fleetIterator, id: fleetIterator.value });
      fleetZones = `[ for key, val in ${fleetDetails.fqn}: val.availability_zone]`;
    } else {
      fleetZones = `[ for id in ${fleetSubnets.fqn}.ids: ${details.fqn}[id].availability_zone]`;
    }
    this.loadBalancerConditions.push({
      condition: `\${length(distinct(${fleetZones})) >= 2}`,
      errorMessage: `The fleet's subnets must span at least two Availability Zones${props.instanceType ? ` that offer ${props.instanceType}` : ""}${shared ? "" : " and hold a load balancer subnet"}.`,
    });
  }
}
