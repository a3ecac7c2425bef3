#!/usr/bin/env node
// npm run bench [-- --runs N] [--json] [--write-readme]
// The app synth of the default stacks against the same code run the cdktf template's way
// (type-checking ts-node) and against the naive variant (the namespace provider import, also
// through ts-node: bench/naive-variant.js), plus how synth time grows with generated
// environment stacks. Wall seconds and peak RSS from GNU time, the commands alternating, medians
// of N runs, ratios within this one run. Exits 1 when a target is missed.
//   --json          prints the result as JSON (the shape of bench/results.json)
//   --write-readme  also writes bench/results.json and regenerates README's performance table
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { generateNaiveVariant } = require("./naive-variant");
const { ensureBuilt } = require("../scripts/build");
const { evaluate, RESULTS_FILE } = require("./results");
const { writeReadme } = require("./readme");

const ROOT = path.resolve(__dirname, "..");
const NAIVE = path.join(__dirname, "out", "naive");
const TIME = "/usr/bin/time";
/** Generated environment counts for the scaling measure (the largest is the target's). */
const SCALING_COUNTS = [30, 60];

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 5;
const asJson = args.includes("--json");
const writeFiles = args.includes("--write-readme");
const log = (...line) => console.error(...line);

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
  return { wall, rssMb: rssKb / 1024 };
}

function environmentsContext(count) {
  const environments = {};
  for (let i = 1; i <= count; i++) environments[`env${String(i).padStart(2, "0")}`] = {};
  return JSON.stringify({ environments });
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0].model.trim(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

async function main() {
  if (!fs.existsSync(TIME)) {
    log("bench: GNU time is needed at /usr/bin/time (Debian: apt-get install time)");
    process.exit(2);
  }
  const started = new Date();
  const load = { start: os.loadavg()[0] };
  const host = machine();
  log(`bench: ${runs} runs per measure on ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB, node ${host.node}`);
  await ensureBuilt({ force: true });
  const { rewrittenImports } = generateNaiveVariant(NAIVE);
  log(`bench: naive variant generated (${rewrittenImports} deep imports rewritten to the namespace import)`);

  // Every command once per round, in this order, so that machine load hits them alike.
  const commands = {
    app: ["node scripts/app.js", ROOT, {}],
    tsNode: ["npx ts-node main.ts", ROOT, {}],
    naive: ["npx ts-node main.ts", NAIVE, {}],
    ...Object.fromEntries(SCALING_COUNTS.map((n) => [`stacks${n}`, ["node scripts/app.js", ROOT, { CDKTF_CONTEXT_JSON: environmentsContext(n) }]])),
  };
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, [command, cwd, env]] of Object.entries(commands)) {
      samples[name].push(measure(command, cwd, env));
      log(`bench: round ${i + 1}/${runs}, ${name}: ${samples[name].at(-1).wall.toFixed(2)} s, ${samples[name].at(-1).rssMb.toFixed(0)} MB`);
    }
  }
  load.end = os.loadavg()[0];

  const result = evaluate({ date: started.toISOString(), runs, machine: host, load, samples, scalingCounts: SCALING_COUNTS });
  if (asJson) console.log(JSON.stringify(result, null, 2));
  else console.log(require("./readme").renderTables(result));
  if (writeFiles) {
    fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
    writeReadme();
    log(`bench: wrote ${path.relative(ROOT, RESULTS_FILE)} and README.md's performance table`);
  }
  for (const check of result.checks) log(`${check.met ? "met   " : "MISSED"} ${check.name}: ${check.shown} (target ${check.target})`);
  process.exit(result.checks.every((check) => check.met) ? 0 : 1);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(2);
});
