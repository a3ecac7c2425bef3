// The test files by what they drive, slowest group first (measured with `npm run test:timings`;
// see README, Tests). The sequencer starts them in this order; `npm run test:quick` leaves out
// the groups marked quick: false, which drive Terraform, Apache, bats, the app as a process or actionlint.
"use strict";

const GROUPS = [
  { name: "hook lifecycle: bats against Apache", quick: false, files: [/\/hooks-bundle\/lifecycle(-in-place)?\.test\.ts$/] },
  { name: "stacks: synth, terraform validate and terraform test", quick: false, files: [/\/environment-stack\.\w+\.test\.ts$/, /\/(ecs|lambda)-stack\.test\.ts$/] },
  { name: "example contexts: synth, terraform validate and scenarios", quick: false, files: [/\/examples\.test\.ts$/] },
  { name: "plan scenarios of one module: terraform test", quick: false, files: [/\.plan\.test\.ts$/] },
  { name: "user data in a sandbox: bats against Apache", quick: false, files: [/\/fleet\/user-data\.test\.ts$/] },
  // The app run as processes (each ~1 CPU-s); the bundle's build plugins.
  { name: "the app as a process, bundle builds", quick: false, files: [/\/app\.test\.ts$/, /\/scripts\/bundle\.test\.ts$/] },
  { name: "workflows: actionlint", quick: false, files: [/\/workflows\.test\.ts$/] },
  { name: "fleet capacity: bats", quick: false, files: [/\/scripts\/fleet-capacity\.test\.ts$/] },
  // A stack folder handed to `terraform init`/`validate` elsewhere, and the test harness's schema
  // proxy in front of the provider.
  { name: "state backend and schema proxy: terraform and child processes", quick: false, files: [/\/shared\/state-backend\.test\.ts$/, /\/scripts\/schema-proxy\.test\.ts$/] },
];

/** Index of the group of a test file (GROUPS.length for the rest). */
const groupIndex = (path) => {
  const index = GROUPS.findIndex((group) => group.files.some((pattern) => pattern.test(path)));
  return index === -1 ? GROUPS.length : index;
};

/** Patterns of the files `npm run test:quick` leaves out. */
const SLOW_ONLY = GROUPS.filter((group) => !group.quick).flatMap((group) => group.files.map((pattern) => pattern.source));

module.exports = { GROUPS, groupIndex, SLOW_ONLY };
