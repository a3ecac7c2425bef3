// npm run test:quick: the edit-test loop. Every suite but those that drive Terraform, Apache,
// bats, the cdktf CLI or actionlint (__tests__/support/groups.js); `npm test` runs everything.
const base = require("./jest.config");
const { SLOW_ONLY } = require("./__tests__/support/groups");

module.exports = { ...base, globalSetup: "<rootDir>/__tests__/support/global-setup-no-provider.js", testPathIgnorePatterns: ["/node_modules/", ...SLOW_ONLY] };
