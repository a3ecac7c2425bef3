import { readFileSync } from "fs";
import { join } from "path";
import { ENVIRONMENT_SETTING_KEYS, PROFILE_DEFAULTS, PROFILES } from "../modules/config";
import { ECS_GUARDRAIL_RULES, GUARDRAIL_RULES } from "../modules/guardrails";

/** The common pack's table, then the ECS pack's. */
const ALL_RULES = [...GUARDRAIL_RULES, ...ECS_GUARDRAIL_RULES];

const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");

/** Rows of the per-environment configuration table: key → [dev, staging, prod, rule]. */
function configurationTable(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of readme.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
    const key = /^`(\w+)`$/.exec(cells[0] ?? "")?.[1];
    if (key && cells.length === 5) rows.set(key, cells.slice(1));
  }
  return rows;
}

const shown = (value: unknown) => (value === undefined ? "—" : `\`${typeof value === "object" ? JSON.stringify(value) : String(value)}\``);

describe("README", () => {
  const table = configurationTable();

  test("documents every environment key, and only those", () => {
    expect([...table.keys()].sort()).toEqual([...ENVIRONMENT_SETTING_KEYS].sort());
  });

  test.each([...ENVIRONMENT_SETTING_KEYS].filter((key) => key !== "profile"))("shows the real defaults of %s", (key) => {
    const documented = table.get(key)!.slice(0, 3);
    expect(documented).toEqual(PROFILES.map((profile) => shown((PROFILE_DEFAULTS[profile] as unknown as Record<string, unknown>)[key])));
  });

  test("lists the AWS CLI among the prerequisites, as needed only by npm run fleet:capacity and npm run test:apply", () => {
    const row = readme.split("\n").find((line) => line.startsWith("| AWS CLI"));
    expect(row?.split(" | ")[1]).toBe(
      "only `npm run fleet:capacity`, which calls `aws autoscaling` and shows the CLI's own error when it fails, and `npm run test:apply` (the AWS CLI v1 beside moto's Python: \"Tested against an AWS API emulator\"); `npm test` uses a stand-in",
    );
  });

  test("gives the two set-up commands", () => {
    expect(readme).toContain("npm ci && npm run synth");
    expect(readme).toMatch(/^npm test\b/m);
  });

  test("the guardrail table lists every rule with what it checks, what it mirrors and its severity", () => {
    const rows = readme
      .split("\n")
      .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()))
      .filter((cells) => cells.length === 4 && /^`[A-Z0-9]+(-[A-Z0-9]+)+`$/.test(cells[0]) && ["error", "warning"].includes(cells[3]));
    expect(rows).toEqual(ALL_RULES.map((rule) => [`\`${rule.id}\``, rule.checks, rule.mirrors, rule.severity]));
  });

  test("lists the defaults each rule assumes for unset arguments, as the rules state them", () => {
    const listed = readme
      .split("\n")
      .map((line) => /^- `([A-Z0-9-]+)`: (.+)$/.exec(line))
      .filter((match) => match !== null && ALL_RULES.some((rule) => rule.id === match[1]))
      .map((match) => [match![1], match![2]]);
    expect(listed).toEqual(ALL_RULES.filter((rule) => rule.assumes).map((rule) => [rule.id, rule.assumes]));
  });
});
