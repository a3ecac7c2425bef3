// `npm run test:apply` (scripts/test-apply.sh): every default stack (and example) applied to the
// AWS API emulator. Outside `npm test` and its time budget; each suite gets its own emulator.
const base = require("./jest.config");

module.exports = {
  ...base,
  testMatch: ["**/*.apply.ts"],
  // Four stacks at a time on a 2-core machine: a stack's commands run one after another, and
  // much of an apply is the provider's fixed waits (aws_lb 30 s twice, the S3 lifecycle's 55 s
  // of polls), which other stacks fill. Measured (whole run, wall and CPU-s): 3 workers 719 s /
  // 985 (before this stop's savings), 4 workers 562 s / 810, 5 workers 596 s / 954: with five,
  // contention costs more CPU than the waits leave idle.
  maxWorkers: 4,
  globalSetup: "<rootDir>/__tests__/support/global-setup-apply.js",
  testSequencer: "<rootDir>/__tests__/support/apply-sequencer.js",
  reporters: ["default"],
  testTimeout: 600000,
};
