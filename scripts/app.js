#!/usr/bin/env node
// The app command of cdktf.json: runs the bundled app, rebuilding it first only when a source
// file changed, so `cdktf synth|diff|deploy` never runs stale code.
"use strict";
require("./build").runApp();
