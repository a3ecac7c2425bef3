#!/usr/bin/env node
// Builds the app into one CommonJS file, dist/main.js, with esbuild: no type-checking on the
// synth path (`npm run typecheck` does that in its own step), and one file to load instead of
// hundreds of modules. Rebuilds only when a source or the lockfile changed.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "dist");
const ENTRY = path.join(OUT, "main.js");
const STAMP = path.join(OUT, ".build-stamp");
const SOURCE_ROOTS = ["main.ts", "stacks", "modules"];
// Dependencies are bundled too: a changed lockfile means changed inputs.
const EXTRA_INPUTS = ["package-lock.json"];

function listSources() {
  const files = [];
  const walk = (rel) => {
    const stat = fs.statSync(path.join(ROOT, rel), { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(path.join(ROOT, rel)).sort()) walk(path.join(rel, entry));
    } else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) {
      files.push(rel);
    }
  };
  SOURCE_ROOTS.forEach(walk);
  return files;
}

function isStale(inputs) {
  const stamp = fs.statSync(STAMP, { throwIfNoEntry: false });
  if (!stamp || !fs.existsSync(ENTRY)) return true;
  if (fs.readFileSync(STAMP, "utf8") !== inputs.join("\n")) return true; // a file was added or removed
  return inputs.some((rel) => (fs.statSync(path.join(ROOT, rel), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > stamp.mtimeMs);
}

function build(inputs) {
  const esbuild = require("esbuild");
  fs.rmSync(OUT, { recursive: true, force: true });
  const result = esbuild.buildSync({
    entryPoints: [path.join(ROOT, "main.ts")],
    outfile: ENTRY,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "silent",
  });
  if (result.errors.length > 0) {
    throw new Error(esbuild.formatMessagesSync(result.errors, { kind: "error" }).join("\n"));
  }
  fs.writeFileSync(STAMP, inputs.join("\n"));
}

/** Builds dist/main.js when an input is newer than the last build; returns its path. */
function ensureBuilt({ force = false } = {}) {
  const inputs = [...listSources(), ...EXTRA_INPUTS];
  if (force || isStale(inputs)) {
    try {
      build(inputs);
    } catch (error) {
      // esbuild reports syntax errors with file and line; surface them without a JS stack.
      throw new Error(`build failed:\n${error.errors ? error.message : error.stack}`);
    }
  }
  return ENTRY;
}

module.exports = { ensureBuilt };

if (require.main === module) {
  try {
    ensureBuilt({ force: process.argv.includes("--force") });
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
