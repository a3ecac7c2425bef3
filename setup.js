// cdktf records a stack trace of unlimited depth for every token it creates (Lazy, Intrinsic:
// tokens/private/stack-trace.js), shown only when a token cannot be resolved. Under jest each
// trace goes through source-map-support, frame by frame: a third of the CPU of the unit suites
// (test:quick 68 -> 46 CPU-s, 2 cores). The tests never read these traces; Error stacks are
// untouched. The app's own synth (the bundle) keeps cdktf's behaviour.
require("cdktf/lib/tokens/private/stack-trace").captureStackTrace = () => [];
// Before cdktf itself loads: its module init creates tokens (tfExpression.js), whose one full-depth
// trace per test file cost ~20 ms in source-map-support (1.2 of test:quick's CPU-s).
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
