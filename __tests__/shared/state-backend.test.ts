import { execFileSync } from "child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { resolveConfig } from "../../modules/config";
import { StateSettings } from "../../modules/shared/state-backend";
import { EnvironmentStack } from "../../stacks/environment-stack";
import { environmentConfig } from "../support/stacks";
import { problemsOf } from "../support/config";
import { configureStateBackend } from "../../modules/shared/state-backend";
import { StateBucketStack } from "../../stacks/state-bucket-stack";

/** The terraform block as a full synth writes it (cdktf adds its default local backend only there). */
function synthesized(stack: TerraformStack): Record<string, any> {
  return JSON.parse(readFileSync(join(Testing.fullSynth(stack), "stacks", stack.node.id, "cdk.tf.json"), "utf8"));
}

function terraformBlock(settings: StateSettings): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), "webapp-dev");
  configureStateBackend(stack, { settings, appName: "webapp", environment: "dev", region: "eu-west-1", workspaceName: "webapp-dev" });
  return synthesized(stack).terraform;
}

describe("state backends", () => {
  test("local: a local backend (outside the project, as in tests, the state file sits in the stack folder)", () => {
    const block = terraformBlock({ backend: "local" });
    expect(block.backend).toEqual({ local: { path: "terraform.webapp-dev.tfstate" } });
    expect(block.cloud).toBeUndefined();
  });

  test("s3: one encrypted key per stack, S3-native locking, no DynamoDB table", () => {
    expect(terraformBlock({ backend: "s3", bucket: "acme-tf-state" }).backend).toEqual({
      s3: { bucket: "acme-tf-state", key: "webapp/dev/terraform.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true },
    });
  });

  test("s3 with a key prefix, its own region and a role to assume", () => {
    const { s3 } = terraformBlock({
      backend: "s3",
      bucket: "acme-tf-state",
      region: "us-east-2",
      keyPrefix: "teams/web",
      roleArn: "arn:aws:iam::123456789012:role/terraform-state",
    }).backend;
    expect(s3).toMatchObject({ key: "teams/web/dev/terraform.tfstate", region: "us-east-2", assume_role: { role_arn: "arn:aws:iam::123456789012:role/terraform-state" } });
    expect(s3.dynamodb_table).toBeUndefined();
    expect(s3.role_arn).toBeUndefined();
  });

  test("cloud: a named workspace per stack, optionally in a project", () => {
    const block = terraformBlock({ backend: "cloud", organization: "acme", project: "web" });
    expect(block.cloud).toEqual({ organization: "acme", hostname: "app.terraform.io", workspaces: { name: "webapp-dev", project: "web" } });
    expect(block.backend).toBeUndefined();
  });

  test("the state bucket stack creates a hardened, versioned bucket and keeps its own state local", () => {
    const stack = new StateBucketStack(Testing.app(), "webapp-state", { appName: "webapp", bucketName: "acme-tf-state", region: "us-east-1" });
    const json = synthesized(stack);
    expect(Object.values<any>(json.resource.aws_s3_bucket)[0]).toMatchObject({ bucket: "acme-tf-state", force_destroy: false });
    expect(Object.keys(json.resource)).toEqual(
      expect.arrayContaining(["aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block", "aws_s3_bucket_policy", "aws_s3_bucket_server_side_encryption_configuration"]),
    );
    expect(Object.keys(json.terraform.backend)).toEqual(["local"]);
  });
});

describe("state settings", () => {
  test("top-level for every environment; an environment's own state replaces it", () => {
    const config = resolveConfig({
      state: { backend: "s3", bucket: "acme-tf-state" },
      environments: { dev: {}, prod: { state: { backend: "cloud", organization: "acme" } } },
    });
    expect(config.environments.map((e) => e.state.backend)).toEqual(["s3", "cloud"]);
    expect(resolveConfig({}).environments.every((e) => e.state.backend === "local")).toBe(true);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["s3 without a bucket", { state: { backend: "s3" } }, "state.bucket: (missing) — must name the S3 bucket that holds the state"],
    ["cloud without an organization", { environments: { prod: { state: { backend: "cloud" } } } }, "environments.prod.state.organization: (missing) — must name the Terraform Cloud organization"],
    ["unknown backend", { state: { backend: "gcs" } }, 'state.backend: "gcs" — must be { "backend": "local" }'],
    ["bad role", { state: { backend: "s3", bucket: "acme-tf-state", roleArn: "terraform" } }, 'state.roleArn: "terraform" — must be an IAM role ARN'],
    ["key of another backend", { state: { backend: "local", bucket: "acme-tf-state" } }, "state.bucket: (unknown key) — not a setting"],
  ])("%s fails with the key path", (_case, context, expected) => {
    expect(problemsOf(context)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});

describe("the local backend is portable", () => {
  const previousCwd = process.cwd();
  const project = mkdtempSync(join(tmpdir(), "portable-project-"));
  const elsewhere = mkdtempSync(join(tmpdir(), "portable-elsewhere-"));
  let stackDir: string;
  beforeAll(() => {
    // A synth as `npm run synth` runs it: from the project folder, into its cdktf.out.
    process.chdir(project);
    const app = new App({ outdir: join(project, "cdktf.out"), stackTraces: false });
    new EnvironmentStack(app, "webapp-dev", { environment: environmentConfig("dev") });
    app.synth();
    stackDir = join(project, "cdktf.out", "stacks", "webapp-dev");
  });
  afterAll(() => {
    process.chdir(previousCwd);
    rmSync(project, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  test("cdk.tf.json names the state file by a path relative to the stack folder, and no path of the machine", () => {
    const text = readFileSync(join(stackDir, "cdk.tf.json"), "utf8");
    expect(JSON.parse(text).terraform.backend).toEqual({ local: { path: "../../../terraform.webapp-dev.tfstate" } });
    expect(text).not.toContain(project);
  });

  test("the synthesized folder, copied elsewhere, initializes, validates and finds its state there", () => {
    const copy = join(elsewhere, "cdktf.out", "stacks", "webapp-dev");
    mkdirSync(copy, { recursive: true });
    cpSync(stackDir, copy, { recursive: true });
    rmSync(project, { recursive: true, force: true }); // nothing may point back at the original
    // The state the relative path leads to, beside the copy's cdktf.out.
    const state = { version: 4, terraform_version: "1.10.0", serial: 1, lineage: "portable-local-backend", outputs: {}, resources: [] };
    writeFileSync(join(elsewhere, "terraform.webapp-dev.tfstate"), JSON.stringify(state));
    // The backend is what is under test, so init configures it (local: nothing leaves the machine).
    const terraform = (...args: string[]) => execFileSync("terraform", [...args, "-no-color"], { cwd: copy, encoding: "utf8", stdio: "pipe" });
    terraform("init", "-input=false");
    expect(terraform("validate")).toContain("Success! The configuration is valid.");
    expect(JSON.parse(execFileSync("terraform", ["state", "pull"], { cwd: copy, encoding: "utf8" })).lineage).toBe("portable-local-backend");
  });
});
