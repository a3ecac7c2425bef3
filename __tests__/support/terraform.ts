import { execFileSync, spawnSync } from "child_process";
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { timed } = require("./timings");

/** Where the `.tftest.hcl` files and the shared mock data live. */
const TERRAFORM_TESTS_DIR = join(__dirname, "..", "terraform");

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly mode: "managed" | "data";
  readonly actions: string[];
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
}

export interface TestRunResult {
  readonly file: string;
  readonly run: string;
  status: string;
  diagnostics: string[];
  /** Planned changes of the run (from `-verbose`); data-source reads are left out. */
  changes: PlannedChange[];
  /** Planned output changes of the run, as `name: actions` (no-ops included). */
  outputChanges: string[];
  /** After an apply run: the managed resources in state (from `-verbose`). */
  stateResources: string[];
}

export interface TerraformTestResult {
  readonly exitCode: number;
  readonly runs: TestRunResult[];
  readonly summary: string;
  /** Everything Terraform said that was not a run's plan, for failure messages. */
  readonly log: string;
  run(file: string, run: string): TestRunResult;
}

/** More for a test directory: alternate stack folders (`module { source = "./<name>" }`) and placeholders. */
export interface TestDirExtras {
  /** Folder name in the test directory → synthesized stack folder copied there. */
  readonly modules?: Record<string, string>;
  /** Placeholder in the test files → its value (after `__STEM__`). */
  readonly substitutions?: Record<string, string>;
}

/** A file under __tests__/terraform, whole or with only the named run blocks. */
export type TestFile = string | { readonly file: string; readonly runs: readonly string[] };

/**
 * The text of a test file with only the named top-level `run "<name>" {…}` blocks (each with the
 * comment lines just above it); everything else (mock_provider, variables) is kept. Our files are
 * `terraform fmt`-formatted, so a top-level block ends at the first line that is exactly `}`.
 * @throws Error naming a run the file does not have
 */
export function selectRuns(text: string, file: string, runs: readonly string[]): string {
  const lines = text.split("\n");
  const kept: string[] = [];
  const found = new Set<string>();
  let pending: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = /^run "([^"]+)" \{/.exec(lines[i]);
    if (!start) {
      if (lines[i].startsWith("#")) pending.push(lines[i]);
      else {
        kept.push(...pending, lines[i]);
        pending = [];
      }
      continue;
    }
    let end = i;
    while (end < lines.length && lines[end] !== "}") end++;
    if (runs.includes(start[1])) {
      found.add(start[1]);
      kept.push(...pending, ...lines.slice(i, end + 1));
    }
    pending = [];
    i = end;
  }
  const missing = runs.filter((run) => !found.has(run));
  if (missing.length) throw new Error(`${file} has no run ${missing.map((run) => `"${run}"`).join(", ")}`);
  return kept.join("\n");
}

/**
 * Copies a synthesized stack and the given test files into a fresh directory and runs
 * `terraform init -backend=false` there. `testFiles` are names under __tests__/terraform
 * (optionally with only some of their runs); `__STEM__` in them becomes `stem` (the stack's
 * `<appName>-<env>`), so one scenario file serves every stack.
 */
export function prepareTerraformTestDir(stackDir: string, testFiles: TestFile[], stem?: string, extras: TestDirExtras = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "tftest-"));
  // The whole stack folder: cdk.tf.json and the assets it references.
  cpSync(stackDir, dir, { recursive: true });
  for (const [name, moduleDir] of Object.entries(extras.modules ?? {})) cpSync(moduleDir, join(dir, name), { recursive: true });
  mkdirSync(join(dir, "tests"));
  cpSync(join(TERRAFORM_TESTS_DIR, "mocks"), join(dir, "tests", "mocks"), { recursive: true });
  for (const entry of testFiles) {
    const file = typeof entry === "string" ? entry : entry.file;
    const whole = readFileSync(join(TERRAFORM_TESTS_DIR, file), "utf8");
    const text = typeof entry === "string" ? whole : selectRuns(whole, file, entry.runs);
    if (text.includes("__STEM__") && stem === undefined) throw new Error(`${file} uses __STEM__: pass the stack's stem`);
    let written = stem === undefined ? text : text.replace(/__STEM__/g, stem);
    for (const [placeholder, value] of Object.entries(extras.substitutions ?? {})) written = written.split(placeholder).join(value);
    writeFileSync(join(dir, "tests", file), written);
  }
  timed("terraform init (scenarios)", () => execFileSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, stdio: "pipe" }));
  return dir;
}

/**
 * Runs `terraform test -json -verbose` and collects each run's status, diagnostics and plan.
 * Terraform writes into a file, not a pipe: each plan or state line carries the provider's schema
 * (~0.4 MB through the schema proxy; the whole 14 MB with TEST_SCHEMA_PROXY=0, ~200 MB for the
 * prod stack's fifteen run blocks, which cost node ~0.25 CPU-seconds per run block gathered from a
 * pipe into one string); read back as bytes, only each line's head and tail are decoded
 * (parseMessage).
 */
export function runTerraformTest(dir: string): TerraformTestResult {
  const output = join(dir, "terraform-test-output.jsonl");
  const fd = openSync(output, "w");
  let result: ReturnType<typeof spawnSync>;
  try {
    result = timed("terraform test", () =>
      spawnSync("terraform", ["test", "-json", "-verbose", "-no-color"], { cwd: dir, stdio: ["ignore", fd, "pipe"], encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }),
    );
  } finally {
    closeSync(fd);
  }
  const stdout = readFileSync(output);
  rmSync(output, { force: true });
  const runs = new Map<string, TestRunResult>();
  const runFor = (file: string, run: string): TestRunResult => {
    const key = `${file}#${run}`;
    if (!runs.has(key)) runs.set(key, { file, run, status: "unknown", diagnostics: [], changes: [], outputChanges: [], stateResources: [] });
    return runs.get(key)!;
  };
  const log: string[] = [];
  let summary = "";
  for (const line of lines(stdout)) {
    let message: Record<string, any>;
    try {
      message = parseMessage(line);
    } catch {
      log.push(line.toString("utf8"));
      continue;
    }
    const file = String(message["@testfile"] ?? "").replace(/^tests\//, "");
    const run = String(message["@testrun"] ?? "");
    switch (message.type) {
      case "test_run":
        if (message.test_run.progress === "complete") {
          runFor(file, message.test_run.run).status = message.test_run.status;
        }
        break;
      case "test_plan":
        runFor(file, run).changes = (message.test_plan.resource_changes ?? [])
          .filter((change: any) => change.mode === "managed")
          .map((change: any) => ({
            address: change.address,
            type: change.type,
            mode: change.mode,
            actions: change.change.actions,
            before: change.change.before,
            after: change.change.after,
          }));
        runFor(file, run).outputChanges = Object.entries<any>(message.test_plan.output_changes ?? {}).map(
          ([name, change]) => `${name}: ${change.actions.join(",")}`,
        );
        break;
      case "test_state":
        runFor(file, run).stateResources = (message.test_state.root_module?.resources ?? [])
          .filter((resource: any) => resource.mode === "managed")
          .map((resource: any) => resource.address);
        break;
      case "diagnostic": {
        const text = `${message.diagnostic.severity}: ${message.diagnostic.summary}${message.diagnostic.detail ? ` — ${message.diagnostic.detail}` : ""}`;
        if (run) runFor(file, run).diagnostics.push(text);
        log.push(`${file} ${run}: ${text}`);
        break;
      }
      case "test_summary":
        summary = message["@message"];
        break;
      default:
        log.push(String(message["@message"] ?? ""));
    }
  }
  const all = [...runs.values()];
  return {
    exitCode: result.status ?? -1,
    runs: all,
    summary,
    log: [...log, String(result.stderr ?? "")].join("\n"),
    run(file: string, run: string) {
      const found = all.find((r) => r.file === file && r.run === run);
      if (!found) throw new Error(`no run "${run}" in ${file}; Terraform said:\n${this.log}`);
      return found;
    },
  };
}

/** The non-blank lines of `bytes`, as views into it (no copy). */
function* lines(bytes: Buffer): Generator<Buffer> {
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(10, start);
    const end = newline === -1 ? bytes.length : newline;
    const line = bytes.subarray(start, end);
    if (line.length > 1024 || line.toString("latin1").trim() !== "") yield line;
    start = end + 1;
  }
}

/**
 * Parses one line of `terraform test -json -verbose`. A plan or state line carries the
 * provider's schema (all 14 MB of hashicorp/aws without the schema proxy) as its last key; it is cut out before
 * decoding when the line has the expected shape, and the line is parsed whole otherwise.
 */
function parseMessage(line: Buffer): Record<string, any> {
  const schemas = line.indexOf(',"provider_schemas":');
  const tail = Math.max(line.lastIndexOf('},"type":"test_plan"}'), line.lastIndexOf('},"type":"test_state"}'));
  if (schemas > 0 && tail > schemas) {
    try {
      return JSON.parse(`${line.toString("utf8", 0, schemas)}${line.toString("utf8", tail)}`);
    } catch {
      // fall through to the full parse
    }
  }
  return JSON.parse(line.toString("utf8"));
}

/**
 * Planned changes that are not no-ops, as `address: actions`.
 * @throws Error when the run did not pass: a run that failed, errored or was skipped planned
 *   nothing, and "no change" must not be read from it
 */
export function plannedChanges(run: TestRunResult): string[] {
  if (run.status !== "pass") throw new Error(`${run.file} ${run.run}: ${run.status}, not pass; its plan says nothing\n${run.diagnostics.join("\n")}`);
  return run.changes
    .filter((change) => !(change.actions.length === 1 && change.actions[0] === "no-op"))
    .map((change) => `${change.address}: ${change.actions.join(",")}`);
}

/**
 * The exit code `terraform plan -detailed-exitcode` gives for this run's plan: 2 when any
 * resource or output is planned to change (an output whose type changes counts), else 0.
 * A mocked `terraform test` run cannot be planned with the flag, so it is read from the plan.
 */
export function detailedExitCode(run: TestRunResult): 0 | 2 {
  const outputs = run.outputChanges.filter((change) => !change.endsWith(": no-op"));
  return plannedChanges(run).length > 0 || outputs.length > 0 ? 2 : 0;
}

/**
 * `terraform validate` of several synthesized stacks in one Terraform process: each stack folder
 * becomes a module of a scratch root module, so the AWS provider starts and loads its schema
 * (~5 CPU-seconds) once for all of them instead of once per stack, as `toBeValidTerraform` does.
 * What only a root module checks — its backend block, which Terraform ignores in a module with a
 * warning — is covered by the state-backend tests.
 * @param stacks module name (letters, digits, `-`, `_`) → synthesized stack folder
 * @returns the error diagnostics of each stack, `summary — detail`; [] = valid. An error that
 *   names no file is given to every stack.
 */
export function validateTogether(stacks: Record<string, string>): Record<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), "tfvalidate-"));
  try {
    const modules: Record<string, { source: string }> = {};
    for (const [name, stackDir] of Object.entries(stacks)) {
      if (!/^[A-Za-z][\w-]*$/.test(name)) throw new Error(`validateTogether: "${name}" is not a Terraform module name`);
      cpSync(stackDir, join(dir, name), { recursive: true });
      // cdktf writes asset paths relative to the stack folder, and Terraform reads files relative
      // to its working directory, so the assets go beside the root too. Their paths end in a hash
      // of their content: one path is one content, whichever stack it comes from.
      if (existsSync(join(stackDir, "assets"))) cpSync(join(stackDir, "assets"), join(dir, "assets"), { recursive: true });
      modules[name] = { source: `./${name}` };
    }
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ module: modules }));
    timed("terraform init (validateTogether)", () => execFileSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, stdio: "pipe" }));
    const result = timed("terraform validate (validateTogether)", () =>
      spawnSync("terraform", ["validate", "-json", "-no-color"], { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }),
    );
    let parsed: { diagnostics?: Array<{ severity: string; summary: string; detail?: string; range?: { filename: string } }> };
    try {
      parsed = JSON.parse(result.stdout);
    } catch {
      throw new Error(`terraform validate printed no JSON:\n${result.stdout}\n${result.stderr}`);
    }
    const errors: Record<string, string[]> = Object.fromEntries(Object.keys(stacks).map((name) => [name, []]));
    for (const diagnostic of parsed.diagnostics ?? []) {
      if (diagnostic.severity !== "error") continue;
      const text = `${diagnostic.summary}${diagnostic.detail ? ` — ${diagnostic.detail}` : ""}`;
      const owner = diagnostic.range?.filename.split("/")[0];
      for (const name of owner && owner in errors ? [owner] : Object.keys(errors)) errors[name].push(text);
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
