// cdktf records a stack trace of unlimited depth for every token it creates (Lazy, Intrinsic:
// tokens/private/stack-trace.js), shown only when a token cannot be resolved. Under jest each
// trace goes through source-map-support, frame by frame: a third of the CPU of the unit suites
// (test:quick 68 -> 46 CPU-s, 2 cores). The tests never read these traces; Error stacks are
// untouched. The app's own synth (the bundle) keeps cdktf's behaviour. Set before cdktf itself
// loads: its module init creates tokens (tfExpression.js), one full-depth trace per test file.
require("cdktf/lib/tokens/private/stack-trace").captureStackTrace = () => [];
const { timed } = require("./__tests__/support/timings");

// The AWS SDK warns once per test file that creates a client (NodeVersionSupportWarning: its
// releases after January 2027 need Node 22); the versions here are pinned and Node 20 is the
// project's floor (package.json engines), so the notice only buries test output. The switch is the
// SDK's documented one (aws/aws-sdk-js-v3#7983); the commands set it too (modules/operations/bin.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// cdktf's jest matchers (Testing.setupJest), loaded with cdktf on a file's first use of one: a
// file that never synthesizes (20 of 76: scripts, hooks, bats suites) does not load cdktf
// (~0.24 CPU-s a file). The matchers are cdktf's own, as setupJest registers them.
const CDKTF_MATCHERS = [
  "toHaveResource",
  "toHaveResourceWithProperties",
  "toHaveDataSource",
  "toHaveDataSourceWithProperties",
  "toHaveProvider",
  "toHaveProviderWithProperties",
  "toPlanSuccessfully",
];
let cdktfMatchers;
const cdktfMatcher = (name) => {
  if (!cdktfMatchers) {
    const extend = expect.extend;
    expect.extend = (matchers) => (cdktfMatchers = matchers);
    try {
      require("cdktf").Testing.setupJest();
    } finally {
      expect.extend = extend;
    }
  }
  return cdktfMatchers[name];
};
expect.extend({
  ...Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (...args) {
        return cdktfMatcher(name).apply(this, args);
      },
    ]),
  ),
  // cdktf's own (terraform init + validate per stack), timed for `npm run test:timings`.
  toBeValidTerraform(received) {
    const { returnMatcherToJest, toBeValidTerraform } = require("cdktf/lib/testing/matchers");
    return returnMatcherToJest(timed("terraform init + validate (toBeValidTerraform)", () => toBeValidTerraform(received)));
  },
});
