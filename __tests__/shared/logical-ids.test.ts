import { Construct } from "constructs";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { ReadableLogicalIds } from "../../modules/shared/logical-ids";

describe("ReadableLogicalIds", () => {
  const app = new App();
  const stack = new TerraformStack(app, "stack");
  const ids = new ReadableLogicalIds();

  test("joins the construct path below the stack, snake_case", () => {
    const output = new TerraformOutput(new Construct(stack, "loadBalancer"), "dnsName", { value: "x" });
    expect(ids.allocate(output, stack)).toBe("load_balancer_dns_name");
    expect(ids.allocate(output, stack)).toBe("load_balancer_dns_name");
  });

  test("refuses two paths that would share an address", () => {
    const a = new TerraformOutput(new Construct(stack, "fleet"), "seed", { value: "x" });
    const b = new TerraformOutput(stack, "fleet_seed", { value: "y" });
    expect(ids.allocate(a, stack)).toBe("fleet_seed");
    expect(() => ids.allocate(b, stack)).toThrow('Logical ID "fleet_seed" would be shared by "stack/fleet/seed" and "stack/fleet_seed"');
  });
});
