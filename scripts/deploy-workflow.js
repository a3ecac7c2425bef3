#!/usr/bin/env node
// Writes .github/workflows/deploy.yml from the environments configured in cdktf.json, in their
// release order. `--check` only compares and exits 1 when the committed file is stale.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const TARGET = path.join(ROOT, ".github", "workflows", "deploy.yml");

require("ts-node").register({ transpileOnly: true, project: path.join(ROOT, "tsconfig.json") });
const { resolveConfig, ConfigError } = require("../modules/config");
const { renderDeployWorkflow } = require("../modules/delivery/workflow");

const context = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).context ?? {};
let text;
try {
  text = renderDeployWorkflow(resolveConfig(context).environments);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error.message ?? error));
  process.exit(1);
}
const current = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, "utf8") : "";
if (process.argv.includes("--check")) {
  if (current !== text) {
    console.error(`${path.relative(ROOT, TARGET)} is stale: run npm run workflow:deploy`);
    process.exit(1);
  }
  process.exit(0);
}
fs.writeFileSync(TARGET, text);
console.error(`wrote ${path.relative(ROOT, TARGET)}`);
