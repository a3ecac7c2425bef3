// Global setup of `npm run test:apply` (jest.apply.config.js): as npm test's without the shared
// provider (each emulator suite configures its own), and dist/main.js built once, before the
// workers start: their stacks synthesize side by side, and scripts/build.js rebuilds a stale
// bundle in place, so on a fresh clone concurrent first synths each rebuilt it and one read
// another's half-written file ("SyntaxError: Unexpected token").
const { setup } = require("./global-setup");
const { ensureBuilt } = require("../../scripts/build");

module.exports = async () => {
  await setup({ sharedProvider: false })();
  await ensureBuilt();
};
