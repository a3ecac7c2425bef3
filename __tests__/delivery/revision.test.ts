import * as childProcess from "child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, utimesSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, TerraformStack } from "cdktf";
import { unzipSync } from "fflate";
import { InitialRevision, packageRevision, zipDirectory } from "../../modules/delivery/revision";
import { synthModule } from "../support/synth";

// Every way to start a child process, watched (cdktf's own ARCHIVE assets start one per stack).
jest.mock("child_process", () => {
  const actual = jest.requireActual("child_process");
  const watched = ["exec", "execFile", "execFileSync", "execSync", "fork", "spawn", "spawnSync"];
  return { ...actual, ...Object.fromEntries(watched.map((name) => [name, jest.fn(actual[name])])) };
});

const BUNDLE = join(__dirname, "..", "..", "hooks-bundle");

function revisionObject(bundleDirectory: string) {
  return synthModule((scope) => new InitialRevision(scope, "revision", { bundleDirectory, bucketName: "shop-dev-artifacts" })).resource("aws_s3_object");
}

function copyOfBundle(): string {
  const copy = mkdtempSync(join(tmpdir(), "bundle-"));
  cpSync(BUNDLE, copy, { recursive: true });
  return copy;
}

/** A small bundle with fixed content, written in the given file order, with the given modes. */
function fixtureBundle(order: "forward" | "reverse", modes: { script: number; data: number }): string {
  const dir = mkdtempSync(join(tmpdir(), "fixture-bundle-"));
  const files: [string, string, number][] = [
    ["appspec.yml", "version: 0.0\nos: linux\n", modes.data],
    ["scripts/start.sh", "#!/usr/bin/env bash\nset -euo pipefail\necho started\n", modes.script],
    ["z/last.txt", "last\n", modes.data],
  ];
  for (const [path, content, mode] of order === "forward" ? files : [...files].reverse()) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
    chmodSync(join(dir, path), mode);
  }
  return dir;
}

/** Name, "made by" host, DOS date/time and Unix mode of every central-directory entry. */
function centralDirectory(zip: Uint8Array) {
  const bytes = Buffer.from(zip);
  const entries = [];
  for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; ) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    entries.push({
      name: bytes.toString("utf8", at + 46, at + 46 + nameLength),
      madeBy: bytes[at + 5],
      dosTime: bytes.readUInt16LE(at + 12),
      dosDate: bytes.readUInt16LE(at + 14),
      mode: bytes.readUInt32LE(at + 38) >>> 16,
    });
    at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 46 + nameLength + extraLength + commentLength);
  }
  return entries;
}

describe("InitialRevision", () => {
  test("uploads the zipped bundle to the artifact bucket, tracking the archive's hash", () => {
    const object = revisionObject(BUNDLE);
    expect(object).toMatchObject({ bucket: "shop-dev-artifacts", key: "revisions/initial.zip", content_type: "application/zip" });
    expect(object.source).toMatch(/^assets\/revision_bundle\w*\/[0-9A-F]{32}\/archive\.zip$/);
    expect(object.source_hash).toBe(packageRevision(BUNDLE).hash);
    expect(object.source).toContain(object.source_hash);
  });

  test("the object's hash changes when a hook script changes, and only then", () => {
    const copy = copyOfBundle();
    const before = revisionObject(copy).source_hash;
    expect(revisionObject(copy).source_hash).toBe(before);
    const hook = join(copy, "scripts", "validate_service.sh");
    writeFileSync(hook, readFileSync(hook, "utf8").replace("VALIDATE", "VALIDATE "));
    expect(revisionObject(copy).source_hash).not.toBe(before);
  });

  test("the object's hash changes when a hook loses its exec bit or a file is renamed", () => {
    const copy = copyOfBundle();
    const original = revisionObject(copy).source_hash;
    chmodSync(join(copy, "scripts", "validate_service.sh"), 0o644);
    const withoutExecBit = revisionObject(copy).source_hash;
    expect(withoutExecBit).not.toBe(original);
    renameSync(join(copy, "VERSION"), join(copy, "REVISION"));
    expect(revisionObject(copy).source_hash).not.toBe(withoutExecBit);
  });

  test("stacks of one app share one packaging of the bundle and start no child process", () => {
    const spawned = Object.values(childProcess).filter(jest.isMockFunction);
    expect(spawned).toHaveLength(7);
    spawned.forEach((spy) => spy.mockClear());
    const outdir = mkdtempSync(join(tmpdir(), "revision-app-"));
    const app = new App({ outdir, skipValidation: true }); // no provider: only the asset matters here
    const stacks = ["dev", "prod"].map((name) => new TerraformStack(app, name));
    const revisions = stacks.map((stack) => new InitialRevision(stack, "revision", { bundleDirectory: BUNDLE, bucketName: "b" }));
    app.synth();
    spawned.forEach((spy) => expect(spy).not.toHaveBeenCalled());
    expect(revisions[1].asset.assetHash).toBe(revisions[0].asset.assetHash);
    const archives = stacks.map((stack) => readFileSync(join(outdir, "stacks", stack.node.id, revisions[0].asset.path)));
    expect(archives[1].equals(archives[0])).toBe(true);
    expect(packageRevision(BUNDLE)).toBe(packageRevision(BUNDLE));
  });
});

describe("zipDirectory", () => {
  test("holds every file of the bundle with its content, and no directory entries", () => {
    const unzipped = unzipSync(zipDirectory(BUNDLE));
    const files = (dir: string, prefix = ""): string[] =>
      readdirSync(join(BUNDLE, prefix), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(dir, `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
      );
    expect(Object.keys(unzipped).sort()).toEqual(files(BUNDLE).sort());
    for (const [name, content] of Object.entries(unzipped)) expect(Buffer.from(content).equals(readFileSync(join(BUNDLE, name)))).toBe(true);
  });

  test("keeps exec bits as Unix modes 0755/0644, with fixed 1980-01-01 00:00 timestamps, sorted by path", () => {
    const entries = centralDirectory(zipDirectory(fixtureBundle("forward", { script: 0o755, data: 0o644 })));
    expect(entries).toEqual([
      { name: "appspec.yml", madeBy: 3, dosTime: 0, dosDate: (0 << 9) | (1 << 5) | 1, mode: 0o100644 },
      { name: "scripts/start.sh", madeBy: 3, dosTime: 0, dosDate: (0 << 9) | (1 << 5) | 1, mode: 0o100755 },
      { name: "z/last.txt", madeBy: 3, dosTime: 0, dosDate: (0 << 9) | (1 << 5) | 1, mode: 0o100644 },
    ]);
  });

  test("is the same bytes whatever the creation order, mtimes, umask and time zone (a pinned hash)", () => {
    const a = fixtureBundle("forward", { script: 0o755, data: 0o644 });
    const b = fixtureBundle("reverse", { script: 0o775, data: 0o664 });
    utimesSync(join(b, "appspec.yml"), new Date("2031-05-06T07:08:09Z"), new Date("2031-05-06T07:08:09Z"));
    // Zip dates are local wall-clock fields and jest's process.env does not reach the clock: a
    // plain node process, where setting TZ does, zips in each zone with the module bundled by esbuild.
    const bundled = join(mkdtempSync(join(tmpdir(), "revision-module-")), "revision.js");
    require("esbuild").buildSync({
      entryPoints: [join(__dirname, "..", "..", "modules", "delivery", "revision.ts")],
      outfile: bundled,
      bundle: true,
      platform: "node",
      external: ["cdktf", "constructs", "@cdktf/*"],
      logLevel: "silent",
    });
    const script = `const { zipDirectory } = require(${JSON.stringify(bundled)});
      const md5 = (dir) => require("crypto").createHash("md5").update(zipDirectory(dir)).digest("hex");
      console.log(JSON.stringify(["UTC", "Pacific/Kiritimati", "America/Adak"].map((zone) => {
        process.env.TZ = zone;
        return { offset: new Date(1980, 0, 1).getTimezoneOffset(), digests: [md5(process.argv[1]), md5(process.argv[2])] };
      })));`;
    const runs: { offset: number; digests: string[] }[] = JSON.parse(
      childProcess.execFileSync(process.execPath, ["-e", script, a, b], {
        env: { ...process.env, NODE_PATH: join(__dirname, "..", "..", "node_modules") },
        encoding: "utf8",
      }),
    );
    expect(new Set(runs.map((run) => run.offset)).size).toBe(3); // the zones really applied
    // Pinned: fflate's output for these bytes; it changes only with fflate's version (the lockfile).
    expect(new Set(runs.flatMap((run) => run.digests))).toEqual(new Set(["8cc26ffd10bb2a2fc0b795174ce7dfcb"]));
  });

  test("refuses an empty bundle", () => {
    expect(() => zipDirectory(mkdtempSync(join(tmpdir(), "empty-bundle-")))).toThrow(/holds no file/);
  });
});
