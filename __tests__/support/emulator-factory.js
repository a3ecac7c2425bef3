// The emulators of `npm run test:apply` forked from one process (emulator.py --factory): the
// global setup starts it, and startEmulator (emulator.ts) asks it for an emulator per stack.
// Starting each emulator as a process of its own cost ~5 CPU-s of imports (moto, the gap
// patches, each service's backend, boto3's models), twelve times a run.
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const net = require("net");
const os = require("os");
const path = require("path");

/**
 * Provider endpoint keys of every AWS service the estate calls (hashicorp/aws 5.100.0 names);
 * all point at the emulator, so no request can leave the machine.
 */
const EMULATED_SERVICES = [
  "autoscaling", "cloudwatch", "codebuild", "codecommit", "codedeploy", "codepipeline", "codestarconnections",
  "acm", "ec2", "elbv2", "events", "iam", "kms", "lambda", "logs", "route53", "s3", "sns", "ssm", "sts", "wafv2",
];

/**
 * The Python interpreter behind `python3`, resolved once: where `python3` (and the AWS CLI beside
 * it) is a version manager's shim (pyenv's is a bash script that runs three more), every call
 * through it costs a few tenths of a CPU-second.
 */
let python;
function pythonExecutable() {
  if (python === undefined) {
    const run = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
    python = run.status === 0 && run.stdout.trim() ? run.stdout.trim() : "python3";
  }
  return python;
}

const START_TIMEOUT_MS = 60000;

/**
 * Starts the fork server; it ends, with every emulator it forked, when `stop` closes its stdin
 * (or this process ends).
 * @returns {Promise<{ socket: string, stop: () => void }>} socket: for EMULATOR_FACTORY
 */
async function startEmulatorFactory() {
  // A unix socket's path is limited to ~104 bytes (107 on Linux, 103 on macOS, whose TMPDIR alone
  // is ~49): the socket goes in a short folder of /tmp where there is one.
  const dir = fs.mkdtempSync(path.join(fs.existsSync("/tmp") ? "/tmp" : os.tmpdir(), "emf-"));
  const socket = path.join(dir, "factory.sock");
  const logFile = path.join(dir, "factory.log");
  const log = fs.openSync(logFile, "a");
  const child = spawn(pythonExecutable(), [path.join(__dirname, "emulator.py"), "--factory", socket, EMULATED_SERVICES.join(",")], {
    stdio: ["pipe", log, log],
    detached: true,
  });
  fs.closeSync(log);
  let exited = null;
  child.on("exit", (code, signal) => (exited = signal ?? code));
  const stop = () => {
    child.stdin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!fs.readFileSync(logFile, "utf8").includes(`factory ${socket}`)) {
    if (exited !== null || Date.now() > deadline) {
      const output = fs.readFileSync(logFile, "utf8");
      stop();
      throw new Error(`the emulator factory ${exited !== null ? `exited (${exited})` : `did not start within ${START_TIMEOUT_MS / 1000} s`}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.unref();
  child.stdin.unref?.();
  return { socket, stop };
}

/**
 * A new emulator on `port`, forked by the factory at `socket`; its certificate, key and log in
 * `stateDir`. Resolves with its process ID once forked (it answers a moment later).
 */
function forkEmulator(socket, port, stateDir) {
  return new Promise((resolve, reject) => {
    let answer = "";
    const connection = net.connect(socket, () => connection.write(`${port} ${stateDir}\n`));
    connection.setEncoding("utf8");
    connection.on("data", (chunk) => (answer += chunk));
    connection.on("error", (error) => reject(new Error(`the emulator factory at ${socket}: ${error.message} (its log: ${path.join(path.dirname(socket), "factory.log")})`)));
    connection.on("end", () => {
      const pid = Number(answer.trim());
      if (Number.isInteger(pid) && pid > 0) resolve(pid);
      else reject(new Error(`the emulator factory at ${socket} answered ${JSON.stringify(answer.trim())} (its log: ${path.join(path.dirname(socket), "factory.log")})`));
    });
  });
}

module.exports = { EMULATED_SERVICES, pythonExecutable, startEmulatorFactory, forkEmulator };
