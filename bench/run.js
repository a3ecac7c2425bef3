#!/usr/bin/env node
// npm run bench [-- --runs N] [--json]
// Synth speed and memory of this project against "the naive cdktf way" (the same sources with
// the namespace provider import, run through type-checking ts-node: bench/naive-variant.js),
// measured in one run on this machine with GNU time (wall seconds, peak RSS of the process
// tree), the variants alternating, medians of N runs. Exits non-zero when a target is missed.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { generateNaiveVariant } = require("./naive-variant");
const { ensureBuilt } = require("../scripts/build");

const ROOT = path.resolve(__dirname, "..");
const NAIVE = path.join(__dirname, "out", "naive");
const TIME = "/usr/bin/time";
const TARGETS = { synthRatio: 0.2, appRatio: 0.05, memoryRatio: 0.15, scalingExtraSeconds: 3 };

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 5;
const asJson = args.includes("--json");
const log = (...line) => asJson || console.error(...line);

if (!fs.existsSync(TIME)) {
  console.error("bench: GNU time is needed at /usr/bin/time (Debian: apt-get install time)");
  process.exit(2);
}

/** Runs a command under GNU time; returns wall seconds and peak RSS in MB. */
function measure(command, cwd, env = {}) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-out-"));
  const result = spawnSync(TIME, ["-f", "%e %M", "sh", "-c", command], {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
  fs.rmSync(outdir, { recursive: true, force: true });
  const lines = result.stderr.trim().split("\n");
  const [wall, rssKb] = lines[lines.length - 1].split(" ").map(Number);
  if (result.status !== 0 || Number.isNaN(wall)) throw new Error(`bench: "${command}" failed in ${cwd}:\n${result.stderr}`);
  return { wall, rss: rssKb / 1024 };
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
};

function environmentsContext(count) {
  const environments = {};
  for (let i = 1; i <= count; i++) environments[`env${String(i).padStart(2, "0")}`] = {};
  return JSON.stringify({ environments });
}

async function main() {
  log(`bench: ${runs} runs per measure on ${os.cpus().length} × ${os.cpus()[0].model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  await ensureBuilt({ force: true });
  const { rewrittenImports } = generateNaiveVariant(NAIVE);
  log(`bench: naive variant generated (${rewrittenImports} deep imports rewritten to the namespace import)`);

  const cases = {
    "synth (user-facing)": { ours: ["npm run --silent synth", ROOT], naive: ["npx cdktf synth", NAIVE] },
    "app alone": { ours: ["node scripts/app.js", ROOT], naive: ["npx ts-node main.ts", NAIVE] },
  };
  const samples = {};
  for (const [name, variants] of Object.entries(cases)) {
    samples[name] = { ours: [], naive: [] };
    for (let i = 0; i < runs; i++) {
      for (const variant of ["ours", "naive"]) {
        const [command, cwd] = variants[variant];
        samples[name][variant].push(measure(command, cwd));
        log(`bench: ${name}, ${variant}, run ${i + 1}/${runs}: ${samples[name][variant].at(-1).wall.toFixed(2)} s`);
      }
    }
  }

  const scaling = { 3: [], 50: [] };
  for (let i = 0; i < runs; i++) {
    for (const count of [3, 50]) {
      scaling[count].push(measure("node scripts/app.js", ROOT, { CDKTF_CONTEXT_JSON: environmentsContext(count) }).wall);
    }
  }

  const summary = {};
  for (const [name, bySide] of Object.entries(samples)) {
    summary[name] = {};
    for (const [variant, values] of Object.entries(bySide)) {
      summary[name][variant] = { wall: stats(values.map((v) => v.wall)), rssMb: stats(values.map((v) => v.rss)) };
    }
  }
  const t3 = stats(scaling[3]).median;
  const t50 = stats(scaling[50]).median;
  const ratios = {
    synth: summary["synth (user-facing)"].ours.wall.median / summary["synth (user-facing)"].naive.wall.median,
    app: summary["app alone"].ours.wall.median / summary["app alone"].naive.wall.median,
    memory: summary["app alone"].ours.rssMb.median / summary["app alone"].naive.rssMb.median,
  };
  const scalingResult = { stacks3Seconds: t3, stacks50Seconds: t50, extraSeconds: t50 - t3, msPerStack: ((t50 - t3) / 47) * 1000 };
  const checks = {
    [`synth ≤ ${TARGETS.synthRatio * 100}% of naive`]: ratios.synth <= TARGETS.synthRatio,
    [`app ≤ ${TARGETS.appRatio * 100}% of naive`]: ratios.app <= TARGETS.appRatio,
    [`app peak RSS ≤ ${TARGETS.memoryRatio * 100}% of naive`]: ratios.memory <= TARGETS.memoryRatio,
    [`50 stacks ≤ 3 stacks + ${TARGETS.scalingExtraSeconds} s`]: scalingResult.extraSeconds <= TARGETS.scalingExtraSeconds,
  };
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0].model.trim(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };

  if (asJson) {
    console.log(JSON.stringify({ date: new Date().toISOString(), runs, machine, summary, ratios, scaling: scalingResult, checks }, null, 2));
  } else {
    const f = (s, digits = 2) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
    console.log(`\n| measure | variant | wall s, median (min–max) | peak RSS MB, median (min–max) |`);
    console.log(`|---|---|---|---|`);
    for (const [name, bySide] of Object.entries(summary)) {
      for (const [variant, s] of Object.entries(bySide)) console.log(`| ${name} | ${variant} | ${f(s.wall)} | ${f(s.rssMb, 0)} |`);
    }
    console.log(`\n| ratio (ours / naive) | value | target |`);
    console.log(`|---|---|---|`);
    console.log(`| synth wall | ${(ratios.synth * 100).toFixed(1)}% | ≤ ${TARGETS.synthRatio * 100}% |`);
    console.log(`| app wall | ${(ratios.app * 100).toFixed(1)}% | ≤ ${TARGETS.appRatio * 100}% |`);
    console.log(`| app peak RSS | ${(ratios.memory * 100).toFixed(1)}% | ≤ ${TARGETS.memoryRatio * 100}% |`);
    console.log(
      `\nscaling: 3 stacks ${t3.toFixed(2)} s, 50 stacks ${t50.toFixed(2)} s: +${scalingResult.extraSeconds.toFixed(2)} s ` +
        `(target ≤ +${TARGETS.scalingExtraSeconds} s), ${scalingResult.msPerStack.toFixed(0)} ms per extra stack`,
    );
    console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, node ${machine.node}; ${runs} runs each`);
    for (const [check, ok] of Object.entries(checks)) console.log(`${ok ? "met   " : "MISSED"} ${check}`);
  }
  process.exit(Object.values(checks).every(Boolean) ? 0 : 1);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(2);
});
