#!/usr/bin/env node
// The app command of cdktf.json: runs the precompiled app, rebuilding it first only
// when a source file changed, so `cdktf synth|diff|deploy` never runs stale code.
"use strict";
const { ensureBuilt } = require("./build");

ensureBuilt().then(
  (entry) => require(entry),
  (error) => {
    console.error(error.message);
    process.exit(1);
  },
);
