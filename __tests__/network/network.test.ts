import { Network } from "../../modules/network/network";
import { synthModule } from "../support/synth";

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
});
