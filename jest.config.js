const os = require("os");

/**
 * Jest runs TypeScript transpile-only, with swc (a maintained compiler in native code): type errors
 * are caught once by `npm run typecheck`, not per test file. ts-jest's TypeScript transpile cost
 * 15 of the 77 CPU-s of a cold `npm run test:quick` (2 cores); swc also hoists jest.mock calls.
 */
module.exports = {
  // The Terraform-heavy suites are one file per stack so that workers share them; on a 2-core
  // machine a third worker fills the time the hook lifecycle suite spends waiting on Apache and
  // on its deliberate backoff sleeps (jest's default there would be a single worker).
  maxWorkers: Math.max(3, os.cpus().length - 1),
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
  reporters: ["default", "<rootDir>/__tests__/support/summary-reporter.js", "<rootDir>/__tests__/support/timing-reporter.js"],
  testTimeout: 180000,
};
