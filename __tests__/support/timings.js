// Where test time goes: the harness records how long each external tool ran (terraform init,
// validate and test, bats, the cdktf CLI) and the timing reporter sums them with jest's per-file
// times. On only when TEST_TIMINGS=1 (`npm run test:timings`): global-setup then names a file,
// which the workers append to, one JSON line per tool run.
"use strict";
const fs = require("fs");

/** Runs `fn`, recording its wall time under `kind` when timings are on (a promise's once it settles). */
function timed(kind, fn) {
  const file = process.env.TEST_TIMINGS_FILE;
  if (!file) return fn();
  const started = process.hrtime.bigint();
  const record = () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    fs.appendFileSync(file, `${JSON.stringify({ kind, ms, file: globalThis.expect?.getState?.().testPath ?? "" })}\n`);
  };
  let result;
  try {
    result = fn();
  } catch (error) {
    record();
    throw error;
  }
  if (typeof result?.then === "function") return result.finally(record);
  record();
  return result;
}

/** The recorded tool runs, summed per kind: { kind: { runs, ms } }. */
function summarize(file) {
  const totals = {};
  if (!file || !fs.existsSync(file)) return totals;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line) continue;
    const { kind, ms } = JSON.parse(line);
    totals[kind] = totals[kind] ?? { runs: 0, ms: 0 };
    totals[kind].runs += 1;
    totals[kind].ms += ms;
  }
  return totals;
}

module.exports = { timed, summarize };
