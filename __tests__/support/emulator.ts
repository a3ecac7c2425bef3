import { spawnSync, SpawnSyncReturns } from "child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { createServer } from "net";
import { request } from "https";
import { tmpdir } from "os";
import { dirname, join } from "path";

const { terraformEnv } = require("../../scripts/terraform-cli");
/** `TEST_TIMINGS_FILE=<file> npm run test:apply`: every command the harness runs, with its wall time, one JSON line each. */
export const { timed } = require("./timings") as { timed: <T>(kind: string, run: () => T) => T };
const { startProxiedProvider } = require("./schema-proxy");

const factory = require("./emulator-factory") as {
  EMULATED_SERVICES: readonly string[];
  pythonExecutable: () => string;
  forkEmulator: (socket: string, port: number, stateDir: string) => Promise<number>;
};
/** Provider endpoint keys of every AWS service the estate calls (emulator-factory.js). */
export const EMULATED_SERVICES = factory.EMULATED_SERVICES;
const { pythonExecutable } = factory;

/** Name of the file the harness adds beside a stack's cdk.tf.json; Terraform merges `*_override.tf.json` last. */
export const OVERRIDE_FILE = "emulator_override.tf.json";

export interface Emulator {
  readonly url: string;
  /** The emulator's self-signed certificate; clients trust it through AWS_CA_BUNDLE / custom_ca_bundle. */
  readonly caFile: string;
  /** Environment for Terraform, cdktf and the AWS CLI: fake credentials, the CA, no metadata service. */
  readonly env: NodeJS.ProcessEnv;
  /** Emulator gaps the wrapper covers, as it reports them at start-up. */
  readonly gaps: string[];
  stop(): void;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function answers(url: string, ca: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/moto-api/`, { ca, timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/**
 * Starts `__tests__/support/emulator.py` (moto's server with its gaps covered) on a free loopback
 * port, forked by the run's emulator factory (EMULATOR_FACTORY, set by `npm run test:apply`'s
 * global setup: emulator-factory.js).
 */
export async function startEmulator(stateDir: string): Promise<Emulator> {
  const factorySocket = process.env.EMULATOR_FACTORY;
  if (!factorySocket) throw new Error("no emulator factory (EMULATOR_FACTORY): run the apply suites with jest.apply.config.js (npm run test:apply)");
  const port = await freeLoopbackPort();
  // Its log goes to a file (the factory's fork writes it), never a pipe: the tests run Terraform
  // with spawnSync, and an emulator blocked writing its request log would stop answering the
  // very Terraform run that is waiting for it.
  const logFile = join(stateDir, "emulator.log");
  const pid = await factory.forkEmulator(factorySocket, port, stateDir);
  const exitCode = () => {
    try {
      process.kill(pid, 0);
      return null;
    } catch {
      return "gone";
    }
  };
  const stop = () => {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  const url = `https://127.0.0.1:${port}`;
  const caFile = join(stateDir, "emulator-ca.pem");
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode() !== null) throw new Error(`the emulator exited (${exitCode()}):\n${readLog()}`);
    if (existsSync(caFile) && (await answers(url, readFileSync(caFile)))) break;
    if (Date.now() > deadline) {
      stop();
      throw new Error(`the emulator did not answer on ${url} within 60 s:\n${readLog()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const gaps = /gaps=(\S+)/.exec(readLog())?.[1].split(",") ?? [];
  const env: NodeJS.ProcessEnv = {
    ...terraformEnv(process.env),
    // Fake credentials for the emulator only: every endpoint points at 127.0.0.1.
    AWS_ACCESS_KEY_ID: "emulator",
    AWS_SECRET_ACCESS_KEY: "emulator",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CA_BUNDLE: caFile,
    AWS_ENDPOINT_URL: url,
    AWS_PAGER: "",
    // The interpreter's own folder first: the AWS CLI installed with it, without the shim.
    PATH: [...(pythonExecutable().startsWith("/") ? [dirname(pythonExecutable())] : []), process.env.PATH ?? ""].join(":"),
  };
  // No profile or session of the shell may reach the emulator's clients (an empty AWS_PROFILE
  // is itself an error for the CLI: "The config profile () could not be found").
  for (const name of ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "TF_REATTACH_PROVIDERS"]) delete env[name];
  return {
    url,
    caFile,
    env,
    gaps,
    stop,
  };
}

/**
 * The resource and data source types of the stack in `workspace` (its cdk.tf.json): all its
 * provider's schema needs to hold. Terraform decodes the schema in every command (~0.3 CPU-s
 * for the project's 100 types, 683 KB, 527 KB of it aws_wafv2_web_acl's rules, which most
 * stacks do not create; ~0.05 for a stack's ~45). A configuration of the stack that used another
 * type would fail as for a type the provider lacks ("Invalid resource type"), never pass.
 */
function configurationTypes(workspace: string): string[] {
  const configuration = JSON.parse(readFileSync(join(workspace, "cdk.tf.json"), "utf8"));
  return [...Object.keys(configuration.resource ?? {}), ...Object.keys(configuration.data ?? {})];
}

/**
 * One hashicorp/aws process for every Terraform command of a stack against this emulator (and
 * the schema proxy in front of it, as in npm test: shared-provider.js, schema-proxy.js): without
 * it Terraform starts the 700 MB provider three times per plan and decodes its 14 MB schema each
 * time, most of a plan's CPU. Sets TF_REATTACH_PROVIDERS in `emulator.env`; returns its stop.
 * - A configured provider must not serve two stacks at once: this one serves one suite's
 *   commands, which run one after another.
 * - It resolves a configuration's relative paths (assets/…) against its own working directory:
 *   `workspace`, the stack folder every command of the suite runs in.
 * - It trusts the emulator's CA through Go's SSL_CERT_FILE: the provider refuses a second
 *   Configure with a custom CA bundle ("unable to add custom RootCAs HTTPClient, has no
 *   WithTransportOptions"), so neither custom_ca_bundle nor AWS_CA_BUNDLE reaches it.
 */
export async function attachProvider(emulator: Emulator, workspace: string): Promise<() => void> {
  const { AWS_CA_BUNDLE: _cliOnly, TF_REATTACH_PROVIDERS: _none, ...env } = emulator.env;
  // GOGC=400: the provider keeps a few hundred MB of schema live, which Go's default collector
  // (GOGC=100) marks again each time the heap doubles: 14 % of its CPU in a stack's apply, plan
  // and destroy (9.2 against 7.9 CPU-s). Its peak RSS with it, in a whole run: ~660 MB.
  const provider: { reattach: string; stop: () => void } = await startProxiedProvider({ ...env, GOGC: "400", SSL_CERT_FILE: emulator.caFile }, { cwd: workspace, types: configurationTypes(workspace) });
  emulator.env.TF_REATTACH_PROVIDERS = provider.reattach;
  return () => {
    delete emulator.env.TF_REATTACH_PROVIDERS;
    provider.stop();
  };
}

/**
 * The test-only provider and backend settings, as an override file beside the stack's JSON:
 * every endpoint on the emulator, path-style S3 (a loopback address has no bucket subdomains),
 * and local state inside `stateDir` (the provider trusts the emulator's CA: startEmulator). The
 * synthesized cdk.tf.json is untouched.
 */
export function writeEmulatorOverride(stackDir: string, emulator: Emulator, stateFile: string): void {
  const override = {
    "//": "Test-only: points the stack at the AWS API emulator of npm run test:apply (__tests__/support/emulator.ts).",
    terraform: { backend: { local: { path: stateFile } } },
    provider: {
      aws: {
        endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, emulator.url]))],
        s3_use_path_style: true,
        skip_metadata_api_check: true,
      },
    },
  };
  writeFileSync(join(stackDir, OVERRIDE_FILE), JSON.stringify(override, null, 2));
}

/** A copy of a synthesized stack folder with the emulator override, ready for `terraform init`. */
export function emulatorWorkspace(stackDir: string, emulator: Emulator): string {
  const dir = mkdtempSync(join(tmpdir(), "apply-"));
  cpSync(stackDir, dir, { recursive: true });
  writeEmulatorOverride(dir, emulator, join(dir, "terraform.tfstate"));
  return dir;
}

/** Replaces a workspace's configuration with a newly synthesized one (same state, same override). */
export function replaceConfiguration(workspace: string, stackDir: string): void {
  for (const entry of ["cdk.tf.json", "assets"]) {
    if (existsSync(join(stackDir, entry))) {
      rmSync(join(workspace, entry), { recursive: true, force: true });
      cpSync(join(stackDir, entry), join(workspace, entry), { recursive: true });
    }
  }
}

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function result(run: SpawnSyncReturns<string>): CommandResult {
  return { status: run.status ?? -1, stdout: run.stdout ?? "", stderr: run.stderr ?? "" };
}

export function terraform(dir: string, emulator: Emulator, args: string[]): CommandResult {
  return timed(`terraform ${args.join(" ")}`, () =>
    result(spawnSync("terraform", [...args, "-no-color"], { cwd: dir, env: emulator.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })),
  );
}

/** Runs a Terraform command and fails with its output unless it exits with one of `expected`. */
export function terraformOk(dir: string, emulator: Emulator, args: string[], expected = [0]): CommandResult {
  const run = terraform(dir, emulator, args);
  if (!expected.includes(run.status)) {
    throw new Error(`terraform ${args.join(" ")} exited ${run.status}:\n${run.stderr}\n${run.stdout.slice(-6000)}`);
  }
  return run;
}

/** One AWS API call: the boto3 service name, the API's operation name and its parameters. */
export type AwsCall = [service: string, operation: string, params?: Record<string, unknown>];

/**
 * AWS API calls against the emulator, in order, in one request (the emulator runs them with
 * boto3, paginated as the AWS CLI paginates: emulator.py HarnessCalls): the answers, in the
 * calls' order. Rejects naming the first call that fails.
 */
export function awsCalls(emulator: Emulator, region: string, calls: AwsCall[]): Promise<any[]> {
  if (calls.length === 0) return Promise.resolve([]);
  const body = Buffer.from(JSON.stringify({ region, calls: calls.map(([service, operation, params]) => [service, operation, params ?? {}]) }));
  return timed(`aws ${calls.map(([service, operation]) => `${service}:${operation}`).join(" ")}`, () =>
    new Promise<any[]>((resolve, reject) => {
      const call = request(
        `${emulator.url}/_harness/calls`,
        { method: "POST", ca: readFileSync(emulator.caFile), headers: { "Content-Type": "application/json", "Content-Length": body.length } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (response.statusCode === 200) resolve(JSON.parse(text));
            else reject(new Error(`AWS API call against the emulator failed (${response.statusCode}):\n${text}`));
          });
          response.on("error", reject);
        },
      );
      call.on("error", reject);
      call.end(body);
    }),
  );
}

/** One AWS API call against the emulator; its answer. */
export async function aws(emulator: Emulator, region: string, service: string, operation: string, params?: Record<string, unknown>): Promise<any> {
  return (await awsCalls(emulator, region, [[service, operation, params]]))[0];
}

export interface PlanSummary {
  /** `terraform plan -detailed-exitcode`: 0 nothing to do, 2 changes (resources or outputs). */
  readonly exitCode: number;
  /** Resource changes, as `address: action` (create, update, delete, replace, read, move, import, remove). */
  readonly changes: string[];
  /** Output changes, as `name: action` (create, update, delete). */
  readonly outputChanges: string[];
  readonly text: string;
}

/**
 * `plan -detailed-exitcode -json`: the changes from Terraform's machine-readable UI
 * (`planned_change` and `outputs` messages), so one plan starts the provider once (a saved plan
 * read back with `terraform show -json` would start it again).
 */
export function plan(dir: string, emulator: Emulator): PlanSummary {
  const run = terraformOk(dir, emulator, ["plan", "-input=false", "-detailed-exitcode", "-json"], [0, 2]);
  const messages = run.stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
  const changes = messages
    .filter((m) => m.type === "planned_change" && m.change.action !== "noop" && m.change.resource.resource_type && !m.change.resource.addr.startsWith("data."))
    .map((m) => `${m.change.resource.addr}: ${m.change.action}`);
  const outputs = messages.filter((m) => m.type === "outputs").pop()?.outputs ?? {};
  return {
    exitCode: run.status,
    changes,
    outputChanges: Object.entries<any>(outputs)
      .filter(([, o]) => o.action !== "noop")
      .map(([name, o]) => `${name}: ${o.action}`),
    text: messages.map((m) => m["@message"]).join("\n"),
  };
}
