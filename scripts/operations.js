#!/usr/bin/env node
// `npm run deploy|status|history|stop|rollback|continue -- <stack> …` (modules/operations/).
// Bundles the commands with esbuild on first use and whenever a source changed (transpile-only,
// like the app; dependencies stay in node_modules), then runs them. Kept apart from the app's
// bundle: the synth path never loads the AWS SDK.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const ENTRY = path.join(ROOT, "modules", "operations", "bin.ts");
const OUT = path.join(ROOT, "node_modules", ".cache", "codedeploy-bluegreen", "operations.js");

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  };
  walk(path.join(ROOT, "modules"));
  return Math.max(newest, fs.statSync(path.join(ROOT, "package-lock.json")).mtimeMs);
}

function ensureBuilt() {
  const built = fs.statSync(OUT, { throwIfNoEntry: false });
  if (built && built.mtimeMs >= newestSource()) return;
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
}

ensureBuilt();
process.chdir(ROOT); // cdktf.json's context, as for the app
require(OUT);
