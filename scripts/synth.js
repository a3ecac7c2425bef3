#!/usr/bin/env node
// `npm run synth`: what `cdktf synth` does for this app, without the CLI's start-up cost
// (~3.5 s of its ~4.5 s here). Same app, same context (cdktf.json's, as the CLI passes it),
// same output folder. The result replaces the previous output only when the synth succeeds.
"use strict";
const fs = require("fs");
const path = require("path");
const { runApp } = require("./build");

const ROOT = path.resolve(__dirname, "..");
// A cdktf.json that is not JSON is reported by the app, with its line and column.
const cdktfJson = (() => {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8"));
  } catch {
    return {};
  }
})();
const outdir = path.resolve(ROOT, cdktfJson.output ?? "cdktf.out");

process.chdir(ROOT); // the app reads cdktf.json from here, as under the cdktf CLI
const staging = `${outdir}.next`;
fs.rmSync(staging, { recursive: true, force: true });
process.env.CDKTF_OUTDIR = staging;
// Like the CLI: cdktf.json's context wins over a CDKTF_CONTEXT_JSON set in the shell; without
// the variable the app reads cdktf.json itself (main.ts).
delete process.env.CDKTF_CONTEXT_JSON;

/** Prints the stacks' annotations as `cdktf synth` does (guardrail suppressions are infos); true when one is an error. */
function reportAnnotations(manifestFile) {
  if (!fs.existsSync(manifestFile)) return false;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  const labels = { "@cdktf/info": "INFO", "@cdktf/warn": "WARN", "@cdktf/error": "ERROR" };
  let errors = false;
  for (const stack of Object.values(manifest.stacks)) {
    for (const { level, constructPath, message } of stack.annotations ?? []) {
      errors = errors || level === "@cdktf/error";
      (level === "@cdktf/info" ? console.log : console.error)(`${labels[level] ?? level} [${constructPath}]: ${message}`);
    }
  }
  return errors;
}

process.on("exit", (code) => {
  // With CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS set the app writes its output despite guardrail
  // errors; like the CLI, this still fails then.
  if (code === 0 && reportAnnotations(path.join(staging, "manifest.json"))) code = process.exitCode = 1;
  if (code !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    return;
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.renameSync(staging, outdir);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const stacks = Object.keys(manifest.stacks);
  console.log(`Generated Terraform code for the stacks: ${stacks.join(", ")} (in ${path.relative(ROOT, outdir) || "."})`);
});

runApp();
