import { DEFAULT_ENVIRONMENTS } from "../modules/config";
import { environmentConfig, synthEnvironmentStack, SynthesizedStack } from "./support/stacks";
import { prepareTerraformTestDir, runTerraformTest, TerraformTestResult } from "./support/terraform";

const count = (json: Record<string, any>, section: "resource" | "data") =>
  Object.values(json[section] ?? {}).reduce((sum: number, byName: any) => sum + Object.keys(byName).length, 0);

describe.each([...DEFAULT_ENVIRONMENTS])("default %s stack", (name) => {
  let synthesized: SynthesizedStack;
  let planHarness: TerraformTestResult;

  beforeAll(() => {
    synthesized = synthEnvironmentStack(environmentConfig(name));
    planHarness = runTerraformTest(prepareTerraformTestDir(synthesized.stackDir, ["estate.tftest.hcl"]));
  });

  test("is valid Terraform for hashicorp/aws 5.100.0", () => {
    expect(synthesized.outdir).toBeValidTerraform();
  });

  test("plans offline against the mocked provider, and the AZ checks fail bad subnets", () => {
    const failed = planHarness.runs.filter((run) => run.status !== "pass");
    expect(failed.map((run) => `${run.run}: ${run.status}\n${run.diagnostics.join("\n")}`)).toEqual([]);
    expect(planHarness.runs.map((run) => run.run).sort()).toEqual([
      "fewer_than_two_subnets_fail_the_plan",
      "fresh_account",
      "subnets_in_one_zone_fail_the_plan",
    ]);
    expect(planHarness.exitCode).toBe(0);
  });

  test("a fresh account plan creates the whole estate and changes nothing else", () => {
    const fresh = planHarness.run("estate.tftest.hcl", "fresh_account");
    const actions = new Set(fresh.changes.flatMap((change) => change.actions));
    expect([...actions]).toEqual(["create"]);
    expect(fresh.changes).toHaveLength(count(synthesized.json, "resource"));
    expect(fresh.changes.filter((c) => c.type === "aws_autoscaling_group").map((c) => c.address)).toEqual([
      "aws_autoscaling_group.fleet_seed[0]",
    ]);
  });

  test("exposes the outputs an operator needs, each with a description", () => {
    const outputs = synthesized.json.output;
    expect(Object.keys(outputs).sort()).toEqual([
      "codedeploy_application_name",
      "deploy_command",
      "deployment_group_name",
      "fleet_groups",
      "load_balancer_dns_name",
      "notification_topic_arn",
      "url",
    ]);
    for (const output of Object.values<any>(outputs)) expect(output.description).toMatch(/\w+/);
    expect(outputs.deploy_command.value).toBe(
      `aws deploy create-deployment --region us-east-1 --application-name webapp-${name} ` +
        `--deployment-group-name webapp-${name} --s3-location bucket=<bucket>,key=<key>.zip,bundleType=zip`,
    );
  });
});
