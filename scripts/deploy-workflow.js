#!/usr/bin/env node
// Writes .github/workflows/deploy.yml from the environments configured in cdktf.json, in their
// release order. `--check` only compares and exits 1 when the committed file is stale.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const TARGET = path.join(ROOT, ".github", "workflows", "deploy.yml");
const USAGE = `Usage: npm run workflow:deploy [-- --check]

Writes .github/workflows/deploy.yml from the environments configured in cdktf.json,
in their release order.

  --check   compare only: exit 1 when the committed file is stale; write nothing
  --help    print this text
`;

// Flags are read before anything is loaded or written: a mistyped flag must not rewrite the file.
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const unknown = args.filter((arg) => arg !== "--check");
if (unknown.length > 0) {
  process.stderr.write(`Unknown option '${unknown[0]}'\n\n${USAGE}`);
  process.exit(2);
}

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
if (args.includes("--check")) {
  if (current !== text) {
    console.error(`${path.relative(ROOT, TARGET)} is stale: run npm run workflow:deploy`);
    process.exit(1);
  }
  process.exit(0);
}
fs.writeFileSync(TARGET, text);
console.error(`wrote ${path.relative(ROOT, TARGET)}`);
