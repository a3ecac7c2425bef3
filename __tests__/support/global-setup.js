// Runs once before the test workers start; workers inherit these variables.
const fs = require("fs");
const os = require("os");
const path = require("path");
const { terraformEnv } = require("../../scripts/terraform-cli");
const { startProxiedProvider } = require("./schema-proxy");

/**
 * @param {{ sharedProvider?: boolean }} options sharedProvider: one hashicorp/aws process for every
 *   Terraform command (shared-provider.js); off where tests configure the provider (the emulator)
 *   or with TEST_SHARED_PROVIDER=0; Terraform reaches it through schema-proxy.js (the schema of the
 *   types the project uses), or directly with TEST_SCHEMA_PROXY=0
 */
const setup = ({ sharedProvider = true } = {}) =>
  async () => {
    Object.assign(process.env, terraformEnv());
    if (process.env.TEST_TIMINGS === "1") {
      process.env.TEST_TIMINGS_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "test-timings-")), "runs.jsonl");
      fs.writeFileSync(process.env.TEST_TIMINGS_FILE, "");
    }
    // Every temporary folder of the run under one, which global-teardown.js removes: cdktf's
    // Testing.synthScope and fullSynth leave theirs in os.tmpdir() (~1,000 cdktf.outdir.* per
    // npm test), as would a test that fails before its own clean-up. Workers inherit TMPDIR.
    // After terraformEnv(), whose CLI configuration and plugin cache outlive the run.
    globalThis.__runTmpdir = fs.mkdtempSync(path.join(os.tmpdir(), "codedeploy-bluegreen-test-"));
    // Sticky and writable by all, as /tmp is: the hook tests run scripts as other users (su).
    fs.chmodSync(globalThis.__runTmpdir, 0o1777);
    process.env.TMPDIR = globalThis.__runTmpdir;
    delete process.env.TF_REATTACH_PROVIDERS;
    if (sharedProvider && process.env.TEST_SHARED_PROVIDER !== "0") {
      const provider = await startProxiedProvider(process.env, { proxy: process.env.TEST_SCHEMA_PROXY !== "0" });
      globalThis.__sharedProvider = provider; // for global-teardown.js (same process)
      process.env.TF_REATTACH_PROVIDERS = provider.reattach;
    }
  };

module.exports = setup();
module.exports.setup = setup;
