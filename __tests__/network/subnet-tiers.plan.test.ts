import { readFileSync, rmSync } from "fs";
import { join } from "path";
import { resolveConfig } from "../../modules/config";
import { EXAMPLES_DIR } from "../support/example-suite";
import { synthEnvironmentStack, SynthesizedStack } from "../support/stacks";
import { prepareTerraformTestDir, runTerraformTest, TerraformTestResult } from "../support/terraform";

// Plan-time lookups of the network tiers and the dual-stack load balancer's IPv6 subnets (issue 15): one `terraform test` of examples/private-fleet-public-alb.json
// with realistic us-east-1 data (__tests__/terraform/subnet-tiers.tftest.hcl).
const context = JSON.parse(readFileSync(join(EXAMPLES_DIR, "private-fleet-public-alb.json"), "utf8"));

describe("subnet tiers at plan time (examples/private-fleet-public-alb.json)", () => {
  let synthesized: SynthesizedStack;
  let workspace: string;
  let result: TerraformTestResult;

  beforeAll(() => {
    synthesized = synthEnvironmentStack(resolveConfig(context).environments[0]);
    workspace = prepareTerraformTestDir(synthesized.stackDir, ["subnet-tiers.tftest.hcl"]);
    result = runTerraformTest(workspace);
  });

  afterAll(() => {
    for (const dir of [workspace, synthesized?.outdir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the private fleet plans in the private subnets of the zones offering m5.large, behind the public tier", () => {
    const run = result.run("subnet-tiers.tftest.hcl", "private_fleet_in_offering_zones_behind_public_alb");
    expect([run.status, run.diagnostics]).toEqual(["pass", []]);
  });

  test.each(["two_load_balancer_subnets_in_one_zone", "fleet_in_one_zone", "no_zone_offers_the_instance_type", "dual_stack_subnet_without_ipv6"])(
    "%s fails the plan before anything is created",
    (name) => {
      expect(result.run("subnet-tiers.tftest.hcl", name).status).toBe("pass");
    },
  );

  test("five runs, one terraform test", () => {
    expect(result.runs.map((run) => run.run).sort()).toEqual(
      ["dual_stack_subnet_without_ipv6", "fleet_in_one_zone", "no_zone_offers_the_instance_type", "private_fleet_in_offering_zones_behind_public_alb", "two_load_balancer_subnets_in_one_zone"],
    );
    expect(result.exitCode).toBe(0);
  });
});
