// `npm run test:quick` runs no Terraform (__tests__/support/groups.js): no shared provider to start.
module.exports = require("./global-setup").setup({ sharedProvider: false });
