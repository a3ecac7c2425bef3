import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LoadBalancer } from "../../modules/network/load-balancer";
import { Network, NetworkProps } from "../../modules/network/network";
import { synthModule } from "../support/synth";

const lbProps = {
  name: "shop-dev",
  targetGroupName: "shop-dev-web",
  vpcId: "vpc-0123456789abcdef0",
  securityGroupId: "sg-0123456789abcdef0",
  appPort: 8080,
  healthCheckPath: "/healthz",
};

describe("Network", () => {
  test("looks up the default VPC and its default-for-AZ subnets by default", () => {
    const synth = synthModule((scope) => new Network(scope, "network"));
    expect(Object.values(synth.dataSources("aws_vpc"))).toEqual([expect.objectContaining({ default: true })]);
    const subnets: any = Object.values(synth.dataSources("aws_subnets"))[0];
    expect(subnets.filter).toEqual([
      { name: "vpc-id", values: [expect.stringMatching(/data\.aws_vpc\..*\.id/)] },
      { name: "default-for-az", values: ["true"] },
    ]);
    expect(synth.resources("aws_vpc")).toEqual({});
  });

  test("uses the given VPC and narrows to the given subnets", () => {
    const synth = synthModule(
      (scope) => new Network(scope, "network", { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"] }),
    );
    expect(Object.values(synth.dataSources("aws_vpc"))).toEqual([expect.objectContaining({ id: "vpc-0123456789abcdef0" })]);
    const subnets: any = Object.values(synth.dataSources("aws_subnets"))[0];
    expect(subnets.filter[1]).toEqual({ name: "subnet-id", values: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"] });
  });

  test("a given VPC without subnetIds uses all of its subnets", () => {
    const synth = synthModule((scope) => new Network(scope, "network", { vpcId: "vpc-0123456789abcdef0" }));
    const subnets: any = Object.values(synth.dataSources("aws_subnets"))[0];
    expect(subnets.filter).toHaveLength(1);
  });

  test("fails the plan when fewer than two subnets match, and exposes a two-AZ condition", () => {
    let network!: Network;
    const synth = synthModule((scope) => (network = new Network(scope, "network")));
    const subnets: any = Object.values(synth.dataSources("aws_subnets"))[0];
    expect(subnets.lifecycle.postcondition[0].condition).toBe("${length(self.ids) >= 2}");
    expect(Object.values<any>(synth.dataSources("aws_subnet"))[0].for_each).toMatch(/toset\(data\.aws_subnets\..*\.ids\)/);
    expect(network.spansTwoZonesCondition).toBeDefined();
  });

  test("rejects a single subnet", () => {
    expect(() => synthModule((scope) => new Network(scope, "network", { subnetIds: ["subnet-0aaaaaaaaaaaaaaa1"] }))).toThrow(
      "Network: subnetIds must list at least two subnets in different Availability Zones, got 1",
    );
  });

  describe("tiers: the load balancer's subnets and the fleet's", () => {
    const vpcId = "vpc-0123456789abcdef0";
    /** The data source of a type whose logical ID is `<id>_<hash>` (synthScope keeps cdktf's hashed IDs). */
    const data = (synth: ReturnType<typeof synthModule>, type: string, id: string): any =>
      Object.entries<any>(synth.dataSources(type)).find(([key]) => key.replace(/_[0-9A-F]{8}$/, "") === id)?.[1];
    const filters = (synth: ReturnType<typeof synthModule>, id: string) => data(synth, "aws_subnets", id).filter;
    const ref = (expression: string) => expect.stringMatching(new RegExp(`^\\$\\{${expression.replace(/[.[\]()]/g, "\\$&").replace(/ID/g, "[0-9A-F]{8}")}\\}$`));

    test("without tiers or an instance type both use one lookup, as before", () => {
      let network!: Network;
      const synth = synthModule((scope) => (network = new Network(scope, "network", { vpcId })));
      expect(Object.keys(synth.dataSources("aws_subnets"))).toEqual([expect.stringMatching(/^network_subnets_/)]);
      expect(network.fleetSubnetIds).toBe(network.subnetIds);
      expect(network.loadBalancerConditions.map((c) => c.errorMessage)).toEqual(["The load balancer's subnets must span at least two Availability Zones."]);
    });

    test("selects each tier by its tags; the fleet's lookup keeps only zones that offer the instance type", () => {
      const synth = synthModule(
        (scope) =>
          new Network(scope, "network", {
            vpcId,
            loadBalancerSubnets: { tags: { Tier: ["public"] } },
            fleetSubnets: { tags: { Tier: ["private", "app"], Team: ["web"] } },
            instanceType: "m5.large",
          }),
      );
      expect(filters(synth, "network_subnets")).toEqual([
        { name: "vpc-id", values: [ref("data.aws_vpc.network_vpc_ID.id")] },
        { name: "tag:Tier", values: ["public"] },
      ]);
      expect(filters(synth, "network_fleet_subnets")).toEqual([
        { name: "vpc-id", values: [ref("data.aws_vpc.network_vpc_ID.id")] },
        { name: "tag:Tier", values: ["private", "app"] },
        { name: "tag:Team", values: ["web"] },
        { name: "availability-zone", values: ref("distinct([ for key, val in data.aws_subnet.network_subnet_details_ID: val.availability_zone])") },
        { name: "availability-zone-id", values: ref("data.aws_ec2_instance_type_offerings.network_fleet_zones_ID.locations") },
      ]);
      expect(data(synth, "aws_ec2_instance_type_offerings", "network_fleet_zones")).toMatchObject({
        location_type: "availability-zone-id",
        filter: [{ name: "instance-type", values: ["m5.large"] }],
        lifecycle: { postcondition: [{ condition: "${length(self.locations) > 0}" }] },
      });
      expect(data(synth, "aws_subnets", "network_fleet_subnets").lifecycle.postcondition[0].condition).toBe("${length(self.ids) >= 2}");
      expect(data(synth, "aws_subnet", "network_fleet_subnet_details").for_each).toEqual(ref("toset(data.aws_subnets.network_fleet_subnets_ID.ids)"));
    });

    /** The load balancer's preconditions as synthesized (the conditions hold tokens until then). */
    const preconditions = (props: NetworkProps): Array<{ condition: string; error_message: string }> =>
      synthModule((scope) => {
        const network = new Network(scope, "network", props);
        new Lb(scope, "alb", { lifecycle: { precondition: network.loadBalancerConditions } });
      }).resource("aws_lb").lifecycle.precondition;

    test("the load balancer carries the zone checks: two zones, one subnet per zone, the fleet in two zones", () => {
      const conditions = preconditions({
        vpcId,
        loadBalancerSubnets: { tags: { Tier: ["public"] } },
        fleetSubnets: { subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"] },
        instanceType: "t3.micro",
      });
      const albZones = "[ for key, val in data.aws_subnet.network_subnet_details_ID: val.availability_zone]";
      const fleetZones = "[ for key, val in data.aws_subnet.network_fleet_subnet_details_ID: val.availability_zone]";
      expect(conditions.map((c) => c.condition)).toEqual([
        ref(`(length(distinct(${albZones})) >= 2)`),
        ref(`length(distinct(${albZones})) == length(${albZones})`),
        ref(`length(distinct(${fleetZones})) >= 2`),
      ]);
      expect(conditions[2].error_message).toBe("The fleet's subnets must span at least two Availability Zones that offer t3.micro and hold a load balancer subnet.");
    });

    test("a shared tier narrowed by instance type reads the fleet's zones from the shared subnet details", () => {
      const synth = synthModule((scope) => new Network(scope, "network", { instanceType: "t3.micro" }));
      expect(filters(synth, "network_subnets")).toHaveLength(2);
      expect(filters(synth, "network_fleet_subnets").map((f: any) => f.name)).toEqual(["vpc-id", "default-for-az", "availability-zone-id"]);
      expect(data(synth, "aws_subnet", "network_fleet_subnet_details")).toBeUndefined();
      expect(preconditions({ instanceType: "t3.micro" })[2].condition).toEqual(
        ref("length(distinct([ for id in data.aws_subnets.network_fleet_subnets_ID.ids: data.aws_subnet.network_subnet_details_ID[id].availability_zone])) >= 2"),
      );
    });

    test("subnetIds serves the tier without its own selection", () => {
      const synth = synthModule(
        (scope) => new Network(scope, "network", { vpcId, subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"], loadBalancerSubnets: { tags: { Tier: ["public"] } } }),
      );
      expect(filters(synth, "network_fleet_subnets")[1]).toEqual({ name: "subnet-id", values: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"] });
      expect(filters(synth, "network_fleet_subnets").map((f: any) => f.name)).toEqual(["vpc-id", "subnet-id", "availability-zone"]);
    });

    test.each([
      [{ fleetSubnets: { subnetIds: ["subnet-0aaaaaaaaaaaaaaa1"] } }, "Network: fleetSubnets.subnetIds must list at least two subnets in different Availability Zones, got 1"],
      [{ loadBalancerSubnets: { subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"], tags: { Tier: ["public"] } } }, "Network: loadBalancerSubnets selects by subnetIds or by tags, not both"],
      [{ fleetSubnets: { tags: {} } }, "Network: fleetSubnets.tags must name at least one tag"],
    ])("rejects %o", (props, message) => {
      expect(() => synthModule((scope) => new Network(scope, "network", props))).toThrow(message);
    });
  });

  test("the plan refuses a dual-stack load balancer whose subnets lack an IPv6 CIDR block, before anything is created", () => {
    let ipv4!: Network;
    const synth = synthModule((scope) => {
      ipv4 = new Network(scope, "ipv4", { vpcId: "vpc-0123456789abcdef0" });
      const dual = new Network(scope, "dual", { vpcId: "vpc-0123456789abcdef0", requireIpv6: true });
      new LoadBalancer(scope, "lb", { ...lbProps, subnetIds: dual.subnetIds, preconditions: dual.loadBalancerConditions, ipAddressType: "dualstack" });
    });
    const preconditions = Object.values<any>(synth.resources("aws_lb"))[0].lifecycle.precondition;
    expect(preconditions.length).toBe(ipv4.loadBalancerConditions.length + 1);
    expect(preconditions[1]).toEqual({
      condition: expect.stringMatching(/^\$\{alltrue\(\[ for key, val in data\.aws_subnet\.dual_subnet_details_\w+: val\.ipv6_cidr_block != null && val\.ipv6_cidr_block != ""\]\)\}$/),
      error_message: expect.stringMatching(/^A dual-stack load balancer needs an IPv6 CIDR block on its VPC and every one of its subnets/),
    });
  });
});
