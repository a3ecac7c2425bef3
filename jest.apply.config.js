// `npm run test:apply` (scripts/test-apply.sh): every default stack (and example) applied to the
// AWS API emulator. Outside `npm test` and its time budget; each suite starts its own emulator.
const base = require("./jest.config");

module.exports = {
  ...base,
  testMatch: ["**/*.apply.ts"],
  // Terraform and the emulator each want a core; two stacks at a time on a 2-core machine.
  maxWorkers: 2,
  globalSetup: "<rootDir>/__tests__/support/global-setup-apply.js",
  testSequencer: undefined,
  reporters: ["default"],
  testTimeout: 600000,
};
