// Stops what global-setup.js started.
module.exports = async () => {
  globalThis.__sharedProvider?.stop();
  delete globalThis.__sharedProvider;
};
