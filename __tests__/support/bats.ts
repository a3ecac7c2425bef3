import { spawnSync } from "child_process";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { timed } = require("./timings");

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

/**
 * Runs a bats file (at collection time, so each of its tests can be declared) and reports
 * every bats test as a jest test carrying bats' diagnostics when it fails.
 */
export function describeBats(title: string, file: string, minimumTests: number): void {
  const started = Date.now();
  const bats = timed(`bats ${file.split("/").pop()}`, () => spawnSync("bats", ["--tap", file], { encoding: "utf8", timeout: 10 * 60 * 1000 }));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const scenarios = parseTap(bats.stdout ?? "");

  describe(`${title} (bats: ${scenarios.length} in ${seconds} s)`, () => {
    test("bats ran and reported its plan", () => {
      expect(bats.error).toBeUndefined();
      expect(bats.stdout).toMatch(/^1\.\.\d+$/m);
      expect(scenarios.length).toBeGreaterThanOrEqual(minimumTests);
    });

    for (const scenario of scenarios) {
      (scenario.skipped ? test.skip : test)(scenario.name, () => {
        if (!scenario.ok) throw new Error(scenario.details.join("\n") || bats.stderr);
      });
    }
  });
}
