// Runs once before the test workers start; workers inherit these variables.
const fs = require("fs");
const os = require("os");
const path = require("path");
const { terraformEnv } = require("../../scripts/terraform-cli");

module.exports = async () => {
  Object.assign(process.env, terraformEnv());
  if (process.env.TEST_TIMINGS === "1") {
    process.env.TEST_TIMINGS_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "test-timings-")), "runs.jsonl");
    fs.writeFileSync(process.env.TEST_TIMINGS_FILE, "");
  }
};
