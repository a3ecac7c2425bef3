#!/usr/bin/env node
// npm run bench:profile [-- --top N] [--keep]
// CPU profile of the app synth of the default stacks (node --cpu-prof scripts/app.js) and
// its top self-time entries: function, source location, ms and share of the sampled time.
// Time the app spends waiting on a child process shows up as the self time of the spawn call.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { ensureBuilt } = require("../scripts/build");
const { CACHE_SUFFIX } = require("../scripts/lib/code-cache");

const ROOT = path.resolve(__dirname, "..");

/** Self time per (function, url, line) of a .cpuprofile, largest first. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map();
  const add = (id, micros) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const file = url.startsWith("file://") ? path.relative(ROOT, url.slice("file://".length)) : url;
    const key = `${functionName || "(anonymous)"}\t${file ? `${file}:${lineNumber + 1}` : ""}`;
    totals.set(key, (totals.get(key) ?? 0) + micros);
  };
  for (let i = 0; i < profile.samples.length; i++) add(profile.samples[i], profile.timeDeltas[i] ?? 0);
  const total = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals]
    .map(([key, micros]) => {
      const [name, location] = key.split("\t");
      return { name, location, ms: micros / 1000, share: micros / total };
    })
    .sort((a, b) => b.ms - a.ms);
}

async function main() {
  const args = process.argv.slice(2);
  const top = Number(args[args.indexOf("--top") + 1]) || 5;
  const entry = await ensureBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-profile-"));
  const outdir = path.join(dir, "cdktf.out");
  // The app command as cdktf runs it (V8 tuning, code cache), not the bundle alone; a first run
  // writes the code cache a fresh build lacks, so that the profiled run is the usual one.
  const app = (...nodeArgs) => {
    const result = spawnSync(process.execPath, [...nodeArgs, path.join(ROOT, "scripts", "app.js")], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (result.status !== 0) throw new Error(`the app exited with ${result.status}`);
  };
  if (!fs.existsSync(`${entry}${CACHE_SUFFIX}`)) app();
  app("--cpu-prof", `--cpu-prof-dir=${dir}`);
  const file = fs.readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  const entries = selfTimes(profile);
  const sampled = entries.reduce((sum, e) => sum + e.ms, 0);
  console.log(`| self time | ms | share | function | location |`);
  console.log(`|---|---|---|---|---|`);
  entries.slice(0, top).forEach((e, i) => {
    console.log(`| ${i + 1} | ${e.ms.toFixed(0)} | ${(e.share * 100).toFixed(1)}% | ${e.name} | ${e.location} |`);
  });
  console.log(`sampled ${sampled.toFixed(0)} ms; profile: ${args.includes("--keep") ? path.join(dir, file) : "(removed; --keep keeps it)"}`);
  if (!args.includes("--keep")) fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = { selfTimes };

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
