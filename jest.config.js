/** Jest runs TypeScript transpile-only: type errors are caught once by `npm run typecheck`, not per test file. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  reporters: ["default", "<rootDir>/__tests__/support/summary-reporter.js"],
  testTimeout: 180000,
};
