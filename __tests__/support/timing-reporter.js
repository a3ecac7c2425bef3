// With TEST_TIMINGS=1 (`npm run test:timings`) ends the run with where the time went: wall
// time, each group's files (jest's per-file times, which overlap across workers) and the
// external tools the harness timed (__tests__/support/timings.js).
"use strict";
const path = require("path");
const { GROUPS, groupIndex } = require("./groups");
const { summarize } = require("./timings");

class TimingReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.workers = globalConfig.maxWorkers;
  }

  onRunStart() {
    this.started = Date.now();
  }

  onRunComplete(_contexts, results) {
    if (process.env.TEST_TIMINGS !== "1") return;
    const wall = (Date.now() - this.started) / 1000;
    const files = results.testResults
      .map((r) => ({ file: path.relative(this.rootDir, r.testFilePath), seconds: (r.perfStats.end - r.perfStats.start) / 1000, tests: r.numPassingTests + r.numFailingTests }))
      .sort((a, b) => b.seconds - a.seconds);
    const groups = [...GROUPS.map((g) => g.name), "the rest (synth and unit tests)"].map((name, index) => {
      const members = files.filter((f) => groupIndex(f.file) === index);
      return { name, files: members.length, tests: members.reduce((s, f) => s + f.tests, 0), seconds: members.reduce((s, f) => s + f.seconds, 0) };
    });
    const lines = [`\ntest time: ${wall.toFixed(1)} s wall for jest, ${this.workers} workers, ${files.length} files`, "", "| group | files | tests | file time s (sum over workers) |", "|---|---|---|---|"];
    for (const g of groups) lines.push(`| ${g.name} | ${g.files} | ${g.tests} | ${g.seconds.toFixed(1)} |`);
    lines.push("", "| external tool | runs | s (sum) |", "|---|---|---|");
    for (const [kind, t] of Object.entries(summarize(process.env.TEST_TIMINGS_FILE)).sort((a, b) => b[1].ms - a[1].ms)) {
      lines.push(`| ${kind} | ${t.runs} | ${(t.ms / 1000).toFixed(1)} |`);
    }
    lines.push("", "slowest files:", ...files.slice(0, 8).map((f) => `  ${f.seconds.toFixed(1).padStart(6)} s  ${f.file}`));
    console.log(lines.join("\n"));
  }
}

module.exports = TimingReporter;
