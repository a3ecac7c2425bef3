// Terraform CLI settings for tests and CI: use the machine's offline provider mirror when
// there is one (`<dir>/registry.terraform.io/...`), otherwise Terraform's normal registry
// install with a shared plugin cache so each test init does not download the provider again.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const MIRROR_HOST_DIR = "registry.terraform.io";
const SKIP = new Set(["proc", "sys", "dev", "run", "tmp", "var", "boot", "lost+found"]);

/** The folder holding `registry.terraform.io/`, searched to depth 3 below / (or TF_PROVIDER_MIRROR). */
function findProviderMirror() {
  const explicit = process.env.TF_PROVIDER_MIRROR;
  if (explicit) return fs.existsSync(path.join(explicit, MIRROR_HOST_DIR)) ? explicit : undefined;
  const children = (dir) => {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
    } catch {
      return [];
    }
  };
  let level = children("/").filter((dir) => !SKIP.has(path.basename(dir)));
  for (let depth = 1; depth <= 3 && level.length > 0; depth++) {
    const hit = level.find((dir) => path.basename(dir) === MIRROR_HOST_DIR);
    if (hit) return path.dirname(hit);
    level = depth < 3 ? level.flatMap(children) : [];
  }
  return undefined;
}

/** `registry.terraform.io/<namespace>/<type>` of every provider in the mirror. */
function mirroredProviders(mirror) {
  const host = path.join(mirror, MIRROR_HOST_DIR);
  return fs.readdirSync(host).flatMap((namespace) =>
    fs.readdirSync(path.join(host, namespace)).map((type) => `${MIRROR_HOST_DIR}/${namespace}/${type}`),
  );
}

/** Environment for Terraform child processes; writes a CLI config when a mirror exists. */
function terraformEnv(baseEnv = process.env) {
  const env = { ...baseEnv, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  const mirror = findProviderMirror();
  if (mirror) {
    const dir = path.join(os.tmpdir(), "codedeploy-bluegreen-terraform");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "mirror.tfrc");
    // Exactly the mirrored providers come from the mirror, and never from the network.
    const mirrored = JSON.stringify(mirroredProviders(mirror));
    fs.writeFileSync(
      file,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ${mirrored}\n  }\n` +
        `  direct {\n    exclude = ${mirrored}\n  }\n}\n`,
    );
    env.TF_CLI_CONFIG_FILE = file;
    // `terraform providers lock` ignores provider_installation and asks the origin registry
    // (developer.hashicorp.com/terraform/cli/commands/providers/lock); cdktf-cli 0.21.0 runs it
    // before its first deploy/diff of a stack (@cdktf/cli-core models/terraform-cli.js, init with
    // needsLockfileUpdate). Terraform's TF_CLI_ARGS_<command> variable hands it the mirror instead.
    env.TF_CLI_ARGS_providers_lock = `-fs-mirror=${mirror}`;
  } else if (!env.TF_PLUGIN_CACHE_DIR) {
    const cache = path.join(__dirname, "..", "node_modules", ".cache", "terraform-plugins");
    fs.mkdirSync(cache, { recursive: true });
    env.TF_PLUGIN_CACHE_DIR = cache;
  }
  return env;
}

module.exports = { findProviderMirror, terraformEnv };

if (require.main === module) {
  const env = terraformEnv();
  console.log(`mirror: ${findProviderMirror() ?? "(none: registry install)"}`);
  console.log(`TF_CLI_CONFIG_FILE=${env.TF_CLI_CONFIG_FILE ?? ""}`);
}
