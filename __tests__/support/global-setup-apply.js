// Global setup of `npm run test:apply` (jest.apply.config.js): as npm test's without the shared
// provider (each emulator suite configures its own), plus:
// - dist/main.js built once, before the workers start: their stacks synthesize side by side,
//   and scripts/build.js rebuilds a stale bundle in place, so on a fresh clone concurrent first
//   synths each rebuilt it and one read another's half-written file ("SyntaxError: Unexpected token");
// - the emulator factory (emulator-factory.js), which every suite's emulator is forked from
//   (EMULATOR_FACTORY; global-teardown.js stops it);
// - hashicorp/aws installed once (PROVIDER_BINARY), for the provider process each suite starts.
const { setup } = require("./global-setup");
const { ensureBuilt } = require("../../scripts/build");
const { startEmulatorFactory } = require("./emulator-factory");
const { installProvider } = require("./shared-provider");

module.exports = async () => {
  await setup({ sharedProvider: false })();
  const [factory] = await Promise.all([startEmulatorFactory(), ensureBuilt()]);
  globalThis.__emulatorFactory = factory;
  process.env.EMULATOR_FACTORY = factory.socket;
  // In the run's temporary folder (TMPDIR, set by setup), which global-teardown.js removes.
  process.env.PROVIDER_BINARY = installProvider(process.env).binary;
};
