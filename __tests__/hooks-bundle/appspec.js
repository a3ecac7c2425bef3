#!/usr/bin/env node
// Prints what the CodeDeploy agent would act on in an appspec.yml, as tab-separated lines:
//   files <source> <destination>
//   hook <LifecycleEvent> <location> <timeout> <runas>
// The hook tests drive the lifecycle from it, so they run exactly what the appspec names.
"use strict";
const fs = require("fs");
const YAML = require("yaml");

const appspec = YAML.parse(fs.readFileSync(process.argv[2], "utf8"));
for (const file of appspec.files ?? []) console.log(["files", file.source, file.destination].join("\t"));
for (const [event, entries] of Object.entries(appspec.hooks ?? {})) {
  for (const entry of entries) console.log(["hook", event, entry.location, entry.timeout ?? 3600, entry.runas ?? "root"].join("\t"));
}
