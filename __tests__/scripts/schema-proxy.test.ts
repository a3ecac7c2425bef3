import { execFile } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { keepTypes, projectTypes, protobufFields, startSchemaProxy } = require("../support/schema-proxy");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSharedProvider } = require("../support/shared-provider");

// The test harness's schema proxy (__tests__/support/schema-proxy.js): Terraform sees the
// provider's own schema for the types the project uses, nothing else, and the provider's
// validation is still what judges a configuration.

/** A type the project does not use, spelled so that projectTypes, which reads this file too, does not find it. */
const UNUSED_TYPE = ["aws", "sqs", "queue"].join("_");

/** A protobuf length-delimited field: tag, length (both < 128 here), body. */
const field = (number: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([(number << 3) | 2, body.length]), body]);
const entry = (number: number, key: string, value: string): Buffer => field(number, Buffer.concat([field(1, Buffer.from(key)), field(2, Buffer.from(value))]));

describe("keepTypes (protobuf wire level)", () => {
  test("drops the map entries of the given fields whose key is not kept, and keeps every other byte", () => {
    const provider = field(1, Buffer.from("provider block"));
    const varint = Buffer.from([(6 << 3) | 0, 1]);
    const message = Buffer.concat([provider, entry(2, "aws_lb", "A"), entry(2, UNUSED_TYPE, "B"), entry(3, "aws_subnet", "C"), entry(3, "aws_vpc", "D"), varint]);
    const kept = keepTypes(message, new Set([2, 3]), new Set(["aws_lb", "aws_subnet"]));
    expect(kept).toEqual(Buffer.concat([provider, entry(2, "aws_lb", "A"), entry(3, "aws_subnet", "C"), varint]));
    expect(protobufFields(kept).map((f: { number: number }) => f.number)).toEqual([1, 2, 3, 6]);
  });

  test("refuses a truncated message instead of passing part of it on", () => {
    const message = entry(2, "aws_lb", "A");
    expect(() => keepTypes(message.subarray(0, message.length - 1), new Set([2]), new Set(["aws_lb"]))).toThrow(/truncated/);
  });
});

test("the project's types: every provider class the code imports, by its Terraform type", () => {
  const types: Set<string> = projectTypes(join(__dirname, "..", ".."));
  // A resource (lib/lb), a data source known by its class name only (lib/data-aws-subnet), a type
  // named only in a scenario file's override.
  for (const type of ["aws_lb", "aws_codedeploy_deployment_group", "aws_subnet", "aws_ec2_instance_type_offerings", "aws_autoscaling_groups"]) expect(types).toContain(type);
  expect(types).not.toContain(UNUSED_TYPE);
});

// A resource type without a data source of the same name, and a data source without a resource.
const KEPT = ["aws_s3_bucket_versioning", "aws_caller_identity"];

describe("Terraform through a proxy that keeps two types", () => {
  let dir: string;
  let proxy: { reattach: string; stop: () => void; served: () => { schemaTypes: string[]; forwarded: Record<string, number>; remembered: Record<string, number> } };
  let ownProvider: { stop: () => void } | undefined;
  // Asynchronous: the proxy answers from this process's event loop, which a spawnSync would block.
  const terraform = (args: string[], reattach: string) =>
    new Promise<{ stdout: string }>((resolve) =>
      execFile("terraform", args, { cwd: dir, encoding: "utf8", env: { ...process.env, TF_REATTACH_PROVIDERS: reattach }, maxBuffer: 256 * 1024 * 1024 }, (_error, stdout) => resolve({ stdout })),
    );
  const write = (resources: string) =>
    writeFileSync(join(dir, "main.tf"), `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n${resources}\n`);

  beforeAll(async () => {
    // Under npm test the provider is the shared one (behind the suite's own proxy, which keeps
    // more types); with TEST_SHARED_PROVIDER=0 this test starts one.
    let upstream = process.env.TF_REATTACH_PROVIDERS;
    if (!upstream) {
      const started = await startSharedProvider(process.env);
      ownProvider = started;
      upstream = started.reattach;
    }
    proxy = await startSchemaProxy(upstream, new Set(KEPT));
    dir = mkdtempSync(join(tmpdir(), "schema-proxy-"));
    write("");
  });

  afterAll(() => {
    proxy?.stop();
    ownProvider?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("its schema has exactly the kept types, each as the provider describes it", async () => {
    const viaProxy = await terraform(["providers", "schema", "-json"], proxy.reattach);
    const viaUpstream = await terraform(["providers", "schema", "-json"], process.env.TF_REATTACH_PROVIDERS ?? proxy.reattach);
    const [kept, full] = [viaProxy, viaUpstream].map((run) => JSON.parse(run.stdout).provider_schemas["registry.terraform.io/hashicorp/aws"]);
    expect(Object.keys(kept.resource_schemas)).toEqual(["aws_s3_bucket_versioning"]);
    expect(Object.keys(kept.data_source_schemas)).toEqual(["aws_caller_identity"]);
    expect(kept.resource_schemas.aws_s3_bucket_versioning).toEqual(full.resource_schemas.aws_s3_bucket_versioning);
    expect(kept.data_source_schemas.aws_caller_identity).toEqual(full.data_source_schemas.aws_caller_identity);
    expect(kept.provider).toEqual(full.provider);
    expect(proxy.served().schemaTypes.sort()).toEqual([...KEPT].sort());
  });

  test("a kept type is still judged by the provider's schema and validation", async () => {
    const versioning = (status: string, extra = "") =>
      write(`resource "aws_s3_bucket_versioning" "v" {\n  bucket = "a-bucket"\n${extra}  versioning_configuration {\n    status = "${status}"\n  }\n}\n`);
    versioning("Enabled");
    expect(JSON.parse((await terraform(["validate", "-json"], proxy.reattach)).stdout).valid).toBe(true);
    versioning("Enabled", "  no_such_argument = true\n");
    const unknownArgument = JSON.parse((await terraform(["validate", "-json"], proxy.reattach)).stdout);
    expect(unknownArgument.diagnostics.map((d: { summary: string }) => d.summary)).toEqual(["Unsupported argument"]);
    // The provider's own check (ValidateResourceTypeConfig, forwarded): the status is one of three words.
    versioning("Sometimes");
    const providerCheck = JSON.parse((await terraform(["validate", "-json"], proxy.reattach)).stdout);
    expect(providerCheck.valid).toBe(false);
    expect(providerCheck.diagnostics.map((d: { summary: string; detail?: string }) => `${d.summary} ${d.detail ?? ""}`).join("\n")).toMatch(/Enabled/);
  });

  test("an exact repeat of a validation gets the provider's own answer from memory; another configuration goes to the provider", async () => {
    const versioning = (status: string) => write(`resource "aws_s3_bucket_versioning" "v" {\n  bucket = "repeat"\n  versioning_configuration {\n    status = "${status}"\n  }\n}\n`);
    const validate = async () => JSON.parse((await terraform(["validate", "-json"], proxy.reattach)).stdout);
    const calls = () => {
      const { forwarded, remembered } = proxy.served();
      return { forwarded: forwarded.ValidateResourceTypeConfig ?? 0, remembered: remembered.ValidateResourceTypeConfig ?? 0 };
    };
    versioning("Sometimes");
    const before = calls();
    const first = await validate();
    const afterFirst = calls();
    expect(afterFirst.forwarded).toBeGreaterThan(before.forwarded);
    const second = await validate();
    const afterSecond = calls();
    expect(second).toEqual(first);
    expect(second.valid).toBe(false);
    expect(afterSecond.forwarded).toBe(afterFirst.forwarded);
    expect(afterSecond.remembered).toBeGreaterThan(afterFirst.remembered);
    // A different configuration is not a repeat: the provider judges it (and finds it valid).
    versioning("Suspended");
    expect((await validate()).valid).toBe(true);
    expect(calls().forwarded).toBeGreaterThan(afterSecond.forwarded);
  });

  test("a type outside the list fails as one the provider does not have: a stale list fails loudly", async () => {
    write(`resource "${UNUSED_TYPE}" "q" {}\n`);
    const result = JSON.parse((await terraform(["validate", "-json"], proxy.reattach)).stdout);
    expect(result.valid).toBe(false);
    expect(result.diagnostics.map((d: { summary: string }) => d.summary)).toEqual(["Invalid resource type"]);
  });
});
