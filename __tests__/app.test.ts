import { spawnSync } from "child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

const ROOT = join(__dirname, "..");

/** Temporary folders of this file, removed after its tests. */
const made: string[] = [];
const temporaryDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Runs the app the way `cdktf synth` does: context in CDKTF_CONTEXT_JSON, output to CDKTF_OUTDIR. */
function runApp(context: Record<string, unknown> | undefined) {
  const outdir = temporaryDir("app-out-");
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  if (context) env.CDKTF_CONTEXT_JSON = JSON.stringify(context);
  else delete env.CDKTF_CONTEXT_JSON;
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js")], { cwd: ROOT, env, encoding: "utf8", timeout: 120000 });
  return { ...result, outdir };
}

describe("the app", () => {
  // That `cdktf synth` writes exactly what the app writes is proven where the user's other cdktf
  // commands run: `npm run test:apply` (README, "Tested against an AWS API emulator"), which CI runs.
  let defaults: ReturnType<typeof runApp>;
  beforeAll(() => {
    defaults = runApp(undefined);
  });

  test("synthesizes one stack per default environment from the embedded defaults", () => {
    const result = defaults;
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readdirSync(join(result.outdir, "stacks")).sort()).toEqual(["webapp-dev", "webapp-prod", "webapp-staging"]);
    const manifest = JSON.parse(readFileSync(join(result.outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(["webapp-dev", "webapp-prod", "webapp-staging"]);
  });

  describe("from a context", () => {
    // One run serves the three tests below (each app run costs ~1 CPU-s): the environments, a
    // GitHub source and an S3 state backend are independent settings of the same context.
    let result: ReturnType<typeof runApp>;
    const stack = (name: string) => JSON.parse(readFileSync(join(result.outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    beforeAll(() => {
      result = runApp({
        appName: "shop",
        source: { provider: "github", repository: "acme/shop" },
        state: { backend: "s3", bucket: "acme-tf-state" },
        environments: { qa: {}, live: { profile: "prod" } },
      });
    });

    test("the environments of the context decide which stacks exist; an S3 state backend brings the stack that creates its bucket", () => {
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(readdirSync(join(result.outdir, "stacks")).sort()).toEqual(["shop-live", "shop-qa", "shop-state"]);
    });

    test("a GitHub source replaces the repository with a connection, announced in the outputs", () => {
      // The first environment of the release order (qa) holds the source; live promotes from it.
      const qa = stack("shop-qa");
      expect(qa.resource.aws_codecommit_repository).toBeUndefined();
      expect(Object.values<any>(qa.resource.aws_codestarconnections_connection)[0]).toMatchObject({ name: "shop-qa-gh", provider_type: "GitHub" });
      expect(qa.output.source_connection_arn.description).toContain("approve it once in the console");
      expect(qa.output.repository_clone_url).toBeUndefined();
    });

    test("each environment's stack keeps its state under its own key in the S3 backend", () => {
      expect(stack("shop-qa").terraform.backend.s3).toMatchObject({ bucket: "acme-tf-state", key: "shop/qa/terraform.tfstate", use_lockfile: true });
      expect(stack("shop-live").terraform.backend.s3).toMatchObject({ bucket: "acme-tf-state", key: "shop/live/terraform.tfstate", use_lockfile: true });
    });
  });

  test("npm run synth takes cdktf.json's context over a CDKTF_CONTEXT_JSON set in the shell, as the CLI does", () => {
    const result = spawnSync(process.execPath, [join(ROOT, "scripts", "synth.js")], {
      cwd: tmpdir(),
      env: { ...process.env, CDKTF_CONTEXT_JSON: JSON.stringify({ environments: {} }) },
      encoding: "utf8",
      timeout: 120000,
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("Generated Terraform code for the stacks: webapp-dev, webapp-prod, webapp-staging");
    // The defaults' guardrail suppressions are listed on every synth, as `cdktf synth` lists them.
    const suppressed = result.stdout.split("\n").filter((line) => line.startsWith("INFO ")).map((line) => /^INFO \[([^\]]+)\]: ([A-Z0-9-]+) suppressed: .+ — reason: .+$/.exec(line)?.slice(1).join(" ") ?? line);
    expect(suppressed.sort()).toEqual(
      ["dev", "prod", "staging"].flatMap((env) => [`webapp-${env}/fleet/template EC2-NO-PUBLIC-IP`, `webapp-${env}/load_balancer/http ALB-HTTP-REDIRECT`]).sort(),
    );
  });

  test("a bad configuration exits non-zero with one line per problem and writes no stack", () => {
    const result = runApp({
      appName: "shop",
      environments: { dev: { minSize: 3, maxSize: 2, region: "us-east-7" }, prod: { deploymentConfig: "CodeDeployDefault.AllAtOnceBlueGreen" } },
    });
    expect(result.status).toBe(1);
    const problems = result.stderr.split("\n").filter((line) => line.startsWith("  - "));
    expect(problems).toEqual([
      '  - environments.dev.region: "us-east-7" — must be an AWS region code such as us-east-1 or eu-west-1',
      "  - environments.dev.minSize: 3 — must not exceed maxSize (2)",
      '  - environments.prod.deploymentConfig: "CodeDeployDefault.AllAtOnceBlueGreen" — must be one of CodeDeployDefault.AllAtOnce, CodeDeployDefault.HalfAtATime, CodeDeployDefault.OneAtATime (the predefined EC2 configs), or { "minimumHealthyHostsPercent": 0-99 } or { "minimumHealthyHostsCount": n } for a custom one',
    ]);
    expect(readdirSync(result.outdir)).toEqual([]);
  });

  test("an environment named __proto__ is refused before any stack is written", () => {
    const outdir = temporaryDir("app-out-");
    const env = { ...process.env, CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: '{"environments":{"__proto__":{},"dev":{}}}' };
    const result = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js")], { cwd: ROOT, env, encoding: "utf8", timeout: 120000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('  - environments.__proto__: "__proto__" — environment names use lowercase letters');
    expect(readdirSync(outdir)).toEqual([]);
  });

  test("a cdktf.json that is not JSON is named with its line and column, without a stack trace", () => {
    const project = temporaryDir("app-json-");
    writeFileSync(join(project, "cdktf.json"), '{\n  "context": {\n    "appName": "shop",,\n  }\n}\n');
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: join(project, "out") };
    delete env.CDKTF_CONTEXT_JSON;
    const result = spawnSync(process.execPath, [join(ROOT, "scripts", "app.js")], { cwd: project, env, encoding: "utf8", timeout: 120000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual(["invalid configuration (1 problem):", expect.stringMatching(/^  - cdktf\.json:3:23: not valid JSON — .+/)]);
  });
});
