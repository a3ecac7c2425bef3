// Stops what global-setup.js started.
module.exports = async () => {
  globalThis.__schemaProxy?.stop();
  delete globalThis.__schemaProxy;
  globalThis.__sharedProvider?.stop();
  delete globalThis.__sharedProvider;
};
