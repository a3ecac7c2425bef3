#!/usr/bin/env node
// Prints the launch template's user data exactly as the fleet module renders it, for the
// sandbox runs of the bootstrap (bats has no TypeScript loader; esbuild transpiles the module
// in memory in ~0.1 s).
// usage: render-user-data.js '<UserDataProps as JSON>'            prints it
//        render-user-data.js '<props>' FILE ['<props>' FILE ...]   writes each to FILE (mode 755);
// one process for every bootstrap mode a bats file needs. The packages the module's imports
// reach (cdktf, the AWS provider: what load-balancer.ts builds with) are marked free of side
// effects, so the bundle drops the ones the user data never calls instead of loading them at
// run time (~0.3 CPU-s of ~0.75 per render); plugins need esbuild's asynchronous build.
"use strict";
const fs = require("fs");
const path = require("path");
const Module = require("module");
const esbuild = require("esbuild");

const source = path.join(__dirname, "..", "..", "modules", "fleet", "user-data.ts");
const packagesWithoutSideEffects = {
  name: "packages-without-side-effects",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true, sideEffects: false }));
  },
};

async function main() {
  const { outputFiles } = await esbuild.build({
    entryPoints: [source],
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
    logLevel: "error",
    plugins: [packagesWithoutSideEffects],
  });
  // The build's esbuild process exits and is waited for here, not orphaned by node's exit.
  await esbuild.stop();
  const loaded = new Module(source, module);
  loaded.filename = source;
  loaded.paths = Module._nodeModulePaths(path.dirname(source));
  loaded._compile(outputFiles[0].text, source);
  const args = process.argv.slice(2);
  if (args.length === 1) {
    process.stdout.write(loaded.exports.renderUserData(JSON.parse(args[0])));
  } else {
    if (args.length === 0 || args.length % 2 !== 0) throw new Error("usage: render-user-data.js '<props>' [FILE ['<props>' FILE ...]]");
    for (let i = 0; i < args.length; i += 2) {
      fs.writeFileSync(args[i + 1], loaded.exports.renderUserData(JSON.parse(args[i])));
      fs.chmodSync(args[i + 1], 0o755);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
