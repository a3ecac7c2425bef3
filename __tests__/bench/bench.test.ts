import { readFileSync } from "fs";
import { join } from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { evaluate, leastSquares, stats, RESULTS_FILE, TARGETS } = require("../../bench/results");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderSection, sectionOf } = require("../../bench/readme");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { selfTimes } = require("../../bench/profile");

const sample = (wall: number, rssMb = 100) => ({ wall, rssMb });
const run = (walls: Record<string, number[]>, rss: Record<string, number> = {}) =>
  evaluate({
    date: "2026-01-01T00:00:00.000Z",
    runs: 3,
    machine: { cpus: 2, cpuModel: "cpu", memoryGiB: 8, os: "Linux", node: "v20" },
    load: { start: 0.1, end: 0.2 },
    scalingCounts: [30, 60],
    samples: Object.fromEntries(Object.entries(walls).map(([name, values]) => [name, values.map((w) => sample(w, rss[name] ?? 100))])),
  });

describe("npm run bench", () => {
  test("README's performance table is the one rendered from the committed bench/results.json", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    const results = JSON.parse(readFileSync(RESULTS_FILE, "utf8"));
    expect(sectionOf(readme).text).toBe(renderSection(results));
  });

  test("the committed results are what the benchmark computes from their samples (no edited figures)", () => {
    const results = JSON.parse(readFileSync(RESULTS_FILE, "utf8"));
    expect(Object.keys(results.samples).sort()).toEqual(["app", "naive", "stacks30", "stacks60", "tsNode"]);
    for (const values of Object.values(results.samples) as unknown[][]) expect(values).toHaveLength(results.runs);
    expect(results.runs).toBeGreaterThanOrEqual(5);
    expect(evaluate(results)).toEqual(results);
  });

  test("medians, ratios within the run and the scaling fit", () => {
    const result = run(
      { app: [0.6, 0.5, 0.7], tsNode: [8, 7, 9], naive: [16, 15, 17], stacks30: [2.2, 2.1, 2.3], stacks60: [4, 3.9, 4.1] },
      { app: 100, tsNode: 1000, naive: 2000 },
    );
    expect(result.summary.app.wallSeconds).toEqual({ median: 0.6, min: 0.5, max: 0.7 });
    expect(result.ratios).toEqual({ appVsTsNode: 0.075, appVsNaive: 0.0375, memoryVsNaive: 0.05, memoryVsTsNode: 0.1, largestVsDefault: 6.67 });
    expect(result.scaling.msPerExtraStack).toBe(Math.round(((4 - 0.6) / 57) * 1000));
    expect(result.scaling.stacks).toEqual({ 3: 0.6, 30: 2.2, 60: 4 });
    expect(result.checks.map((c: { key: string; met: boolean }) => [c.key, c.met])).toEqual([
      ["appVsTsNode", true],
      ["appVsNaive", true],
      ["memoryVsNaive", true],
      ["largestVsDefault", false],
    ]);
  });

  test.each([
    ["appVsTsNode", { app: [0.9], tsNode: [8] }],
    ["appVsNaive", { app: [0.7], naive: [16] }],
    ["largestVsDefault", { app: [0.6], stacks60: [3.7] }],
  ])("a missed %s target fails its check", (key, walls) => {
    const base = { app: [0.5], tsNode: [8], naive: [16], stacks30: [1.5], stacks60: [2.5] };
    const check = run({ ...base, ...walls }).checks.find((c: { key: string }) => c.key === key);
    expect(check.met).toBe(false);
    expect(TARGETS[key]).toBeGreaterThan(0);
  });

  test("a missed memory target fails its check", () => {
    const result = run({ app: [0.5], tsNode: [8], naive: [16], stacks30: [1.5], stacks60: [2.5] }, { app: 160, naive: 1000 });
    expect(result.checks.find((c: { key: string }) => c.key === "memoryVsNaive").met).toBe(false);
  });

  test("stats and least squares", () => {
    expect(stats([3, 1, 2, 10])).toEqual({ median: 2, min: 1, max: 10 });
    expect(leastSquares([[0, 1], [1, 3], [2, 5]])).toEqual({ slope: 2, intercept: 1 });
  });

  test("the profile summary adds self time per function", () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: -1 } },
        { id: 2, callFrame: { functionName: "spawnSync", url: "node:internal/child_process", lineNumber: 1107 } },
        { id: 3, callFrame: { functionName: "", url: "", lineNumber: -1 } },
      ],
      samples: [2, 3, 2, 2],
      timeDeltas: [1000, 1000, 2000, 1000],
    };
    expect(selfTimes(profile)).toEqual([
      { name: "spawnSync", location: "node:internal/child_process:1108", ms: 4, share: 0.8 },
      { name: "(anonymous)", location: "", ms: 1, share: 0.2 },
    ]);
  });
});
