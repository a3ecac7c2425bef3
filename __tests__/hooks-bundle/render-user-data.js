#!/usr/bin/env node
// Prints the launch template's user data exactly as the fleet module renders it, for the
// sandbox runs of the bootstrap (bats has no TypeScript loader; esbuild transpiles the module
// in memory in ~0.1 s). usage: render-user-data.js '<UserDataProps as JSON>'
"use strict";
const path = require("path");
const Module = require("module");
const esbuild = require("esbuild");

const source = path.join(__dirname, "..", "..", "modules", "fleet", "user-data.ts");
const { outputFiles } = esbuild.buildSync({
  entryPoints: [source],
  bundle: true,
  packages: "external",
  platform: "node",
  format: "cjs",
  write: false,
  logLevel: "error",
});
const loaded = new Module(source, module);
loaded.filename = source;
loaded.paths = Module._nodeModulePaths(path.dirname(source));
loaded._compile(outputFiles[0].text, source);
process.stdout.write(loaded.exports.renderUserData(JSON.parse(process.argv[2])));
