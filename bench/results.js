// What `npm run bench` computes from its samples: medians, the ratios within one run, the
// scaling fit and the targets. Pure functions, so tests can check the arithmetic and that a
// missed target fails the benchmark.
"use strict";
const path = require("path");

/** The committed result of the last `npm run bench -- --write-readme`; README's table shows it. */
const RESULTS_FILE = path.join(__dirname, "results.json");

/**
 * Targets of issue 22, as ratios of medians within one run. The memory target is read against
 * the namespace-import variant, as the benchmark read it before; the ratio to the same code's
 * ts-node run is reported beside it (memoryVsTsNode), without a target.
 */
const TARGETS = {
  appVsTsNode: 0.1,
  appVsNaive: 0.04,
  memoryVsNaive: 0.15,
  largestVsDefault: 6,
};

/** Median (the lower middle for an even count), min and max. */
function stats(values) {
  if (values.length === 0) throw new Error("stats of no values");
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor((sorted.length - 1) / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Least-squares line through (x, y) points: slope and intercept. */
function leastSquares(points) {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

const round = (value, digits) => Number(value.toFixed(digits));
const percent = (ratio) => `${(ratio * 100).toFixed(1)}%`;

/**
 * @param run.samples  per command, one { wall (s), rssMb } per round: `app` (the default
 *   stacks), `tsNode` (the same code through type-checking ts-node), `naive` (the namespace-
 *   import variant through ts-node) and `stacks<N>` for every N of `scalingCounts`.
 * @param run.defaultStacks  how many stacks `app` synthesizes (3).
 */
function evaluate({ date, runs, machine, load, samples, scalingCounts, defaultStacks = 3 }) {
  const summary = {};
  for (const [name, values] of Object.entries(samples)) {
    const wall = stats(values.map((v) => v.wall));
    const rss = stats(values.map((v) => v.rssMb));
    summary[name] = {
      wallSeconds: { median: round(wall.median, 2), min: round(wall.min, 2), max: round(wall.max, 2) },
      rssMb: { median: round(rss.median, 0), min: round(rss.min, 0), max: round(rss.max, 0) },
    };
  }
  const wall = (name) => summary[name].wallSeconds.median;
  const largest = Math.max(...scalingCounts);
  const points = [[defaultStacks, wall("app")], ...scalingCounts.map((n) => [n, wall(`stacks${n}`)])];
  const fit = leastSquares(points);
  const scaling = {
    stacks: Object.fromEntries(points.map(([n, seconds]) => [n, seconds])),
    msPerExtraStack: round(((wall(`stacks${largest}`) - wall("app")) / (largest - defaultStacks)) * 1000, 0),
    slopeMsPerStack: round(fit.slope * 1000, 0),
    interceptSeconds: round(fit.intercept, 2),
  };
  const ratios = {
    appVsTsNode: round(wall("app") / wall("tsNode"), 4),
    appVsNaive: round(wall("app") / wall("naive"), 4),
    memoryVsNaive: round(summary.app.rssMb.median / summary.naive.rssMb.median, 4),
    memoryVsTsNode: round(summary.app.rssMb.median / summary.tsNode.rssMb.median, 4),
    largestVsDefault: round(wall(`stacks${largest}`) / wall("app"), 2),
  };
  const checks = [
    { name: "app synth wall vs type-checking ts-node, same code", key: "appVsTsNode", shown: percent(ratios.appVsTsNode), target: `≤ ${percent(TARGETS.appVsTsNode)}` },
    { name: "app synth wall vs namespace-import variant", key: "appVsNaive", shown: percent(ratios.appVsNaive), target: `≤ ${percent(TARGETS.appVsNaive)}` },
    { name: "app peak RSS vs namespace-import variant", key: "memoryVsNaive", shown: percent(ratios.memoryVsNaive), target: `≤ ${percent(TARGETS.memoryVsNaive)}` },
    { name: `${largest} generated stacks vs the ${defaultStacks} default stacks`, key: "largestVsDefault", shown: `${ratios.largestVsDefault.toFixed(2)}×`, target: `≤ ${TARGETS.largestVsDefault}×` },
  ].map((check) => ({ ...check, met: ratios[check.key] <= TARGETS[check.key] }));
  return { date, runs, machine, load, scalingCounts, defaultStacks, summary, ratios, scaling, checks, samples };
}

module.exports = { RESULTS_FILE, TARGETS, evaluate, leastSquares, stats };
