#!/usr/bin/env node
// npm run bench:readme: regenerates README.md's benchmark table from bench/results.json (which
// `npm run bench -- --write-readme` writes). __tests__/bench.test.ts fails when they differ.
"use strict";
const fs = require("fs");
const path = require("path");
const { RESULTS_FILE } = require("./results");

const README = path.join(__dirname, "..", "README.md");
const BEGIN = "<!-- bench:begin — generated from bench/results.json by `npm run bench:readme`; do not edit -->";
const END = "<!-- bench:end -->";

const range = (s, digits) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/** The result's tables as Markdown (also what `npm run bench` prints). */
function renderTables(result) {
  const { summary, scaling, checks, machine, load } = result;
  const counts = Object.keys(scaling.stacks).map(Number);
  const rows = [
    ["`node scripts/app.js`", `app synth, ${counts[0]} default stacks`, summary.app],
    ["`npx ts-node main.ts`", "the same code, type-checking ts-node", summary.tsNode],
    ["`npx ts-node main.ts` in bench/out/naive", "namespace-import variant, ts-node", summary.naive],
    ...counts.slice(1).map((n) => ["`node scripts/app.js`", `${n} generated environment stacks`, summary[`stacks${n}`]]),
  ];
  return [
    `${result.runs} rounds on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; ` +
      `${result.date.slice(0, 10)}, 1-minute load average ${load.start.toFixed(1)} at the start and ${load.end.toFixed(1)} at the end.`,
    "",
    "| command | measures | wall s, median (min–max) | peak RSS MB, median (min–max) |",
    "|---|---|---|---|",
    ...rows.map(([command, what, s]) => `| ${command} | ${what} | ${range(s.wallSeconds, 2)} | ${range(s.rssMb, 0)} |`),
    "",
    "| target (ratio of medians in this run) | measured | target | |",
    "|---|---|---|---|",
    ...checks.map((c) => `| ${c.name} | ${c.shown} | ${c.target} | ${c.met ? "met" : "**missed**"} |`),
    "",
    `Peak RSS of the app is ${(result.ratios.memoryVsTsNode * 100).toFixed(1)}% of the same code's type-checking ts-node run (no target).`,
    `Scaling: ${scaling.msPerExtraStack} ms per extra stack from ${counts[0]} to ${counts[counts.length - 1]} stacks; ` +
      `least-squares slope ${scaling.slopeMsPerStack} ms per stack over ${counts.join(", ")} stacks (intercept ${scaling.interceptSeconds.toFixed(2)} s).`,
  ].join("\n");
}

/** The README section between the markers, markers included. */
function renderSection(result) {
  return `${BEGIN}\n${renderTables(result)}\n${END}`;
}

function sectionOf(readme) {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no "${BEGIN}" … "${END}" section`);
  return { begin, end: end + END.length, text: readme.slice(begin, end + END.length) };
}

function writeReadme() {
  const result = JSON.parse(fs.readFileSync(RESULTS_FILE, "utf8"));
  const readme = fs.readFileSync(README, "utf8");
  const { begin, end } = sectionOf(readme);
  fs.writeFileSync(README, `${readme.slice(0, begin)}${renderSection(result)}${readme.slice(end)}`);
}

module.exports = { renderTables, renderSection, sectionOf, writeReadme };

if (require.main === module) writeReadme();
