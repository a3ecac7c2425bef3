#!/usr/bin/env node
// Transpile-only build of the app into dist/: no type-checking on the synth path
// (`npm run typecheck` does that once, in its own step). TypeScript is loaded only
// when something is stale, so an up-to-date synth pays nothing for it.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "dist");
const STAMP = path.join(OUT, ".build-stamp");
const SOURCE_ROOTS = ["main.ts", "stacks", "modules"];

function listSources() {
  const files = [];
  const walk = (rel) => {
    const abs = path.join(ROOT, rel);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(abs)) walk(path.join(rel, entry));
    } else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) {
      files.push(rel);
    }
  };
  SOURCE_ROOTS.forEach(walk);
  return files;
}

function isStale(sources) {
  const stamp = fs.statSync(STAMP, { throwIfNoEntry: false });
  if (!stamp) return true;
  const recorded = fs.readFileSync(STAMP, "utf8");
  if (recorded !== sources.join("\n")) return true; // a file was added or removed
  return sources.some((rel) => fs.statSync(path.join(ROOT, rel)).mtimeMs > stamp.mtimeMs);
}

function build(sources) {
  const ts = require("typescript");
  const compilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    isolatedModules: true,
    sourceMap: false,
  };
  fs.rmSync(OUT, { recursive: true, force: true });
  for (const rel of sources) {
    const input = fs.readFileSync(path.join(ROOT, rel), "utf8");
    const { outputText, diagnostics } = ts.transpileModule(input, { compilerOptions, fileName: rel, reportDiagnostics: true });
    if (diagnostics && diagnostics.length > 0) {
      const message = ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => "\n",
      });
      throw new Error(`syntax errors while transpiling ${rel}:\n${message}`);
    }
    const target = path.join(OUT, rel.replace(/\.ts$/, ".js"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, outputText);
  }
  fs.writeFileSync(STAMP, sources.join("\n"));
}

/** Builds dist/ when a source is newer than the last build; returns the entry point. */
function ensureBuilt({ force = false } = {}) {
  const sources = listSources();
  if (force || isStale(sources)) build(sources);
  return path.join(OUT, "main.js");
}

module.exports = { ensureBuilt };

if (require.main === module) {
  try {
    ensureBuilt({ force: process.argv.includes("--force") });
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
