import { Construct } from "constructs";
import { Fn, Op, TerraformIterator, Token } from "cdktf";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { DataAwsSubnets, DataAwsSubnetsFilter } from "@cdktf/provider-aws/lib/data-aws-subnets";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";

export interface NetworkProps {
  /** VPC to deploy into. @default the region's default VPC */
  readonly vpcId?: string;
  /**
   * Subnets for the load balancer and the fleet.
   * @default the default-for-AZ subnets of the default VPC, or every subnet of `vpcId`
   */
  readonly subnetIds?: string[];
}

/**
 * Looks up (never creates) the VPC and subnets, and makes the plan fail early when the
 * subnets do not span two Availability Zones, which an ALB and a resilient ASG both need.
 */
export class Network extends Construct {
  public readonly vpcId: string;
  public readonly subnetIds: string[];
  /** Terraform condition, true when the subnets span at least two Availability Zones; use as a precondition. */
  public readonly spansTwoZonesCondition: string;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    if (props.subnetIds !== undefined && props.subnetIds.length < 2) {
      throw new Error(`Network: subnetIds must list at least two subnets in different Availability Zones, got ${props.subnetIds.length}`);
    }

    const vpc = new DataAwsVpc(this, "vpc", props.vpcId !== undefined ? { id: props.vpcId } : { default: true });
    this.vpcId = vpc.id;

    const filter: DataAwsSubnetsFilter[] = [{ name: "vpc-id", values: [vpc.id] }];
    if (props.subnetIds !== undefined) {
      filter.push({ name: "subnet-id", values: props.subnetIds });
    } else if (props.vpcId === undefined) {
      // One subnet per AZ: the default VPC's own, public ones.
      filter.push({ name: "default-for-az", values: ["true"] });
    }
    const subnets = new DataAwsSubnets(this, "subnets", {
      filter,
      lifecycle: {
        postcondition: [
          {
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
    const zones = TerraformIterator.fromDataSources(details).pluckProperty("availability_zone");
    this.spansTwoZonesCondition = Token.asString(Op.gte(Fn.lengthOf(Fn.distinct(Token.asList(zones))), 2));
  }
}
