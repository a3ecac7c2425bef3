// One hashicorp/aws provider process for a whole `npm test`, attached to by every Terraform
// command the tests run, through Terraform's documented reattach mechanism
// (TF_REATTACH_PROVIDERS; the provider's `-debug` mode prints the value: "Debugging providers",
// developer.hashicorp.com/terraform/plugin/debugging).
//
// Why: the provider is a 700 MB Go binary whose start costs ~1 CPU-second (0.5 s of package
// init, then a 14 MB schema). Terraform starts it about twice per `terraform test` run block and
// seven times for a run that applies and tears down; measured on a 2-core machine, those starts
// were 45% of `npm test`'s CPU. Attached, the same binary answers the same calls: schemas and
// validation (`terraform validate`), and under mock_provider only the schema, since Terraform
// never configures a mocked provider's underlying one. That statelessness is what makes one
// process safe to share between concurrent commands; a configured provider is not, so the
// emulator suites (jest.apply.config.js, which configure it per stack) do not use this.
//
// The version is the one @cdktf/provider-aws was generated for (its package.json), installed
// the way every test installs it (scripts/terraform-cli.js: the offline mirror, or the registry).
"use strict";
const { execFileSync, spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const START_TIMEOUT_MS = 60000;
const REATTACH_LINE = /TF_REATTACH_PROVIDERS='(\{.*\})'/;

/** `{ name: "registry.terraform.io/hashicorp/aws", version }` from @cdktf/provider-aws. */
function providerSpec() {
  const { provider } = require("@cdktf/provider-aws/package.json").cdktf;
  return provider;
}

/** Installs the provider into a fresh folder with `terraform init` and returns its binary's path. */
function installProvider(env) {
  const { name, version } = providerSpec();
  const [, namespace, type] = name.split("/");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shared-provider-"));
  fs.writeFileSync(
    path.join(dir, "main.tf.json"),
    JSON.stringify({ terraform: { required_providers: { [type]: { source: `${namespace}/${type}`, version } } } }),
  );
  const { TF_REATTACH_PROVIDERS: _ignored, ...clean } = env;
  try {
    execFileSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, env: clean, stdio: "pipe" });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`terraform init of ${name} ${version} for the shared provider failed:\n${error.stderr ?? error.message}`);
  }
  const platformDir = path.join(dir, ".terraform", "providers", name, version);
  const [platform] = fs.readdirSync(platformDir);
  const binary = fs.readdirSync(path.join(platformDir, platform)).find((file) => file.startsWith(`terraform-provider-${type}`));
  if (!binary) throw new Error(`terraform init in ${dir} installed no terraform-provider-${type} binary`);
  return { dir, binary: path.join(platformDir, platform, binary) };
}

/**
 * Starts the provider in debug mode and resolves with the TF_REATTACH_PROVIDERS value it prints
 * (into a log file: a pipe jest stopped reading would kill a Go program writing to it). The
 * provider runs under a bash lifeline that kills it, and removes its folder, when its stdin (a
 * pipe from this process) closes: it dies with jest even when jest is killed and no teardown runs.
 * `cwd`: the provider's working directory, against which it resolves a configuration's relative
 * file paths (a Lambda zip, an S3 object's source); default its own folder.
 * @returns {Promise<{ reattach: string, stop: () => void }>}
 */
async function startSharedProvider(env = process.env, cwd = undefined) {
  // PROVIDER_BINARY: one installed for the whole run (npm run test:apply starts a provider per
  // stack; each install copied the 700 MB binary); this start's folder then holds its log alone.
  const { dir, binary } = env.PROVIDER_BINARY
    ? { dir: fs.mkdtempSync(path.join(os.tmpdir(), "shared-provider-")), binary: env.PROVIDER_BINARY }
    : installProvider(env);
  const log = path.join(dir, "provider.log");
  const lifeline = '"$1" -debug >"$2" 2>&1 & pid=$!; read -r _; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$3"; exit 0';
  // Its own process group: a Ctrl-C to jest's group would stop the lifeline before its cleanup;
  // the provider goes when jest does, through the pipe. The provider logs nothing (its default
  // in -debug mode is every request at TRACE: ~50 MB and ~13% of its CPU in one npm test).
  const quiet = Object.fromEntries(["TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_MUX"].map((name) => [name, "off"]));
  const child = spawn("bash", ["-c", lifeline, "lifeline", binary, log, dir], {
    cwd: cwd ?? dir,
    env: { ...env, ...quiet },
    stdio: ["pipe", "ignore", "ignore"],
    detached: true,
  });
  let exited = null;
  child.on("exit", (code, signal) => (exited = signal ?? code));
  child.on("error", (error) => (exited = error.message));
  const stop = () => child.stdin.end();
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const output = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
    const match = REATTACH_LINE.exec(output);
    if (match) {
      child.unref();
      child.stdin.unref?.();
      return { reattach: match[1], stop };
    }
    if (exited !== null || Date.now() > deadline) {
      stop();
      throw new Error(`the shared ${binary} ${exited !== null ? `exited (${exited})` : `printed no TF_REATTACH_PROVIDERS within ${START_TIMEOUT_MS / 1000} s`}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

module.exports = { startSharedProvider, installProvider };
