#!/usr/bin/env node
// The app command of cdktf.json: runs the precompiled app, rebuilding it first only
// when a source file changed, so `cdktf synth|diff|deploy` never runs stale code.
"use strict";
const { ensureBuilt } = require("./build");

let entry;
try {
  entry = ensureBuilt();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
require(entry);
