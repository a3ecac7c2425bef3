#!/usr/bin/env node
// `npm run deploy|status|history|stop|rollback|continue -- <stack> …` (modules/operations/).
// Bundles the commands with esbuild on first use and whenever a source changed (transpile-only,
// like the app; dependencies stay in node_modules), then runs them. Kept apart from the app's
// bundle: the synth path never loads the AWS SDK.
"use strict";
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const ENTRY = path.join(ROOT, "modules", "operations", "bin.ts");
const OUT = path.join(ROOT, "node_modules", ".cache", "codedeploy-bluegreen", "operations.js");
const STAMP = `${OUT}.stamp`;
const { isStale, listInputs, writeStamp } = require("./lib/staleness");

function ensureBuilt() {
  // The commands import only modules/ (dependencies stay external, resolved per the lockfile).
  const inputs = listInputs(["modules"]);
  if (!isStale(inputs, OUT, STAMP)) return;
  require("esbuild").buildSync({
    entryPoints: [ENTRY],
    outfile: OUT,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    logLevel: "error",
  });
  writeStamp(inputs, STAMP);
}

ensureBuilt();
process.chdir(ROOT); // cdktf.json's context, as for the app
require(OUT);
