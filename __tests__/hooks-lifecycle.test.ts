import { spawnSync } from "child_process";
import { join } from "path";

/**
 * Runs the bats lifecycle scenarios (__tests__/hooks/lifecycle.bats: the hooks in order
 * against a real Apache on 127.0.0.1) and reports each scenario as a jest test.
 */
const started = Date.now();
const bats = spawnSync("bats", ["--tap", join(__dirname, "hooks", "lifecycle.bats")], {
  encoding: "utf8",
  timeout: 10 * 60 * 1000,
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);

interface Scenario {
  readonly name: string;
  readonly ok: boolean;
  readonly skipped: boolean;
  readonly details: string[];
}

function parseTap(output: string): Scenario[] {
  const scenarios: Scenario[] = [];
  for (const line of output.split("\n")) {
    const result = /^(ok|not ok) \d+ (.*?)(?: # skip(?: (.*))?)?$/.exec(line);
    if (result) scenarios.push({ name: result[2], ok: result[1] === "ok", skipped: line.includes(" # skip"), details: [] });
    else if (line.startsWith("#") && scenarios.length > 0) scenarios[scenarios.length - 1].details.push(line.slice(1).trim());
  }
  return scenarios;
}

const scenarios = parseTap(bats.stdout ?? "");

describe(`hook lifecycle scenarios (bats, ${scenarios.length} in ${seconds} s)`, () => {
  test("bats ran and reported a plan", () => {
    expect(bats.error).toBeUndefined();
    expect(bats.stdout).toMatch(/^1\.\.\d+$/m);
    expect(scenarios.length).toBeGreaterThanOrEqual(10);
  });

  for (const scenario of scenarios) {
    const run = scenario.skipped ? test.skip : test;
    run(scenario.name, () => {
      if (!scenario.ok) throw new Error(scenario.details.join("\n") || bats.stderr);
    });
  }
});
