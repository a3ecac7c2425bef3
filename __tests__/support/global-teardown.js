// Stops what global-setup.js (and global-setup-apply.js) started, and removes the run's temporary folder.
const fs = require("fs");

module.exports = async () => {
  globalThis.__sharedProvider?.stop();
  delete globalThis.__sharedProvider;
  globalThis.__emulatorFactory?.stop();
  delete globalThis.__emulatorFactory;
  if (globalThis.__runTmpdir) {
    // The provider's lifeline may still be removing its own folder in there: retried.
    fs.rmSync(globalThis.__runTmpdir, { recursive: true, force: true, maxRetries: 5 });
    delete globalThis.__runTmpdir;
  }
};
