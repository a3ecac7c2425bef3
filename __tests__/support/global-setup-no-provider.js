// Global setup without the shared provider (shared-provider.js): `npm run test:quick` runs no
// Terraform, and the emulator suites configure the provider per stack, so each of their
// Terraform commands starts its own.
module.exports = require("./global-setup").setup({ sharedProvider: false });
