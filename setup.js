const cdktf = require("cdktf");
const { returnMatcherToJest, toBeValidTerraform } = require("cdktf/lib/testing/matchers");
const { timed } = require("./__tests__/support/timings");

cdktf.Testing.setupJest();
// cdktf's own matcher (terraform init + validate per stack), timed for `npm run test:timings`.
expect.extend({
  toBeValidTerraform(received) {
    return returnMatcherToJest(timed("terraform init + validate (toBeValidTerraform)", () => toBeValidTerraform(received)));
  },
});
