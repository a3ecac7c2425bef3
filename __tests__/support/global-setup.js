// Runs once before the test workers start; workers inherit these variables.
const { terraformEnv } = require("../../scripts/terraform-cli");

module.exports = async () => {
  Object.assign(process.env, terraformEnv());
};
