// The emulator suites configure the provider per stack: each Terraform command starts its own.
module.exports = require("./global-setup").setup({ sharedProvider: false });
