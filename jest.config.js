const os = require("os");

/** Jest runs TypeScript transpile-only: type errors are caught once by `npm run typecheck`, not per test file. */
module.exports = {
  // The Terraform-heavy suites are one file per stack so that workers share them; on a 2-core
  // machine a third worker fills the time the hook lifecycle suite spends waiting on Apache and
  // on its deliberate backoff sleeps (jest's default there would be a single worker).
  maxWorkers: Math.max(3, os.cpus().length - 1),
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
  reporters: ["default", "<rootDir>/__tests__/support/summary-reporter.js", "<rootDir>/__tests__/support/timing-reporter.js"],
  testTimeout: 180000,
};
