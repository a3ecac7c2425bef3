import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { summarizePlan, kindOf } = require("../../scripts/plan-summary");

const ROOT = join(__dirname, "..", "..");
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "fixtures", "plans", `${name}.json`), "utf8"));

describe("plan summary", () => {
  test.each([
    [["create"], "create"],
    [["update"], "update"],
    [["delete"], "destroy"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["no-op"], undefined],
    [["read"], undefined],
  ])("%j is %s", (actions, kind) => {
    expect(kindOf(actions)).toBe(kind);
  });

  test("a re-apply after a blue/green deployment (terraform test plan) has nothing to review", () => {
    expect(summarizePlan(fixture("reapply-after-deployment"), "webapp-staging")).toBe(
      "### webapp-staging\n\nNo changes. The infrastructure matches the configuration.\n",
    );
  });

  test("a new AMI after the handover is one launch template update and nothing to warn about", () => {
    expect(summarizePlan(fixture("new-ami-after-handover"), "webapp-staging")).toBe(
      [
        "### webapp-staging",
        "",
        "| resource type | create | update | replace | destroy |",
        "|---|---:|---:|---:|---:|",
        "| `aws_launch_template` |  | 1 |  |  |",
        "",
        "**0 to create, 1 to update, 0 to replace, 0 to destroy.**",
        "",
      ].join("\n"),
    );
  });

  test("a fresh account: creates only, counted per type, with the seed fleet noted", () => {
    const summary: string = summarizePlan(fixture("fresh-account"), "webapp-staging");
    const creates = fixture("fresh-account").resource_changes.filter((c: any) => c.change.actions.join() === "create").length;
    expect(summary).toContain(`**${creates} to create, 0 to update, 0 to replace, 0 to destroy.**`);
    expect(summary).not.toContain("[!CAUTION]");
    expect(summary).toContain("> - `aws_autoscaling_group.fleet_seed[0]`: **create**");
    expect(summary).toContain("| `aws_iam_role` | 5 |  |  |  |");
    expect(summary).not.toMatch(/data\.|aws_iam_policy_document/);
  });

  test("destroys and replacements of stateful or fleet resources are called out first (hand-checked plan)", () => {
    const summary: string = summarizePlan(fixture("risky-hand-checked"), "webapp-prod");
    const [callout] = summary.split("\n\n").slice(1);
    expect(callout).toBe(
      [
        "> [!CAUTION]",
        "> **Destroys or replaces stateful or fleet resources**: review before merging.",
        "> - `aws_lb_target_group.load_balancer_production`: **replace**",
        "> - `aws_s3_bucket.artifacts_bucket`: **replace**",
      ].join("\n"),
    );
    expect(summary).toContain("| `aws_cloudwatch_metric_alarm` |  |  |  | 1 |");
    expect(summary).toContain("**1 to create, 1 to update, 2 to replace, 1 to destroy.**");
  });

  test("the command reads a stack's plan.json, and says what to do when there is none", () => {
    const ok = spawnSync(process.execPath, ["scripts/plan-summary.js", "__tests__/scripts/fixtures/plans/reapply-after-deployment.json", "--title", "dev"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(ok.stdout).toBe("### dev\n\nNo changes. The infrastructure matches the configuration.\n");
    const missing = spawnSync(process.execPath, ["scripts/plan-summary.js", "no-such-stack"], { cwd: ROOT, encoding: "utf8" });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cdktf.out/stacks/no-such-stack/plan.json");
  });

  test("--help prints the usage to stdout and exits 0, never taken for a stack name", () => {
    const help = spawnSync(process.execPath, ["scripts/plan-summary.js", "--help"], { cwd: ROOT, encoding: "utf8" });
    expect(help.stdout).toBe("usage: npm run plan:summary -- <stack | plan.json> [--title TEXT]\n");
    expect(help.stderr).toBe("");
    expect(help.status).toBe(0);
  });
});
