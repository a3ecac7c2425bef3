import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { build } from "esbuild";

const ROOT = join(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazyTokenStackTraces, unbundledArchiveWorker } = require("../../scripts/build");

describe("the bundled app", () => {
  test("still reports where a failing token was created (lazy creation stacks)", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "bundle-"));
    await build({
      stdin: {
        contents: `
          const { Lazy, Testing, TerraformStack, TerraformOutput } = require("cdktf");
          function createTheFailingToken() {
            return Lazy.stringValue({ produce: () => { throw new Error("cannot produce"); } });
          }
          const stack = new TerraformStack(Testing.app(), "stack");
          new TerraformOutput(stack, "out", { value: createTheFailingToken() });
          try { Testing.synth(stack); } catch (error) { console.log(error.message); }
        `,
        resolveDir: ROOT,
        sourcefile: "token-error.js",
      },
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile: join(outdir, "token-error.js"),
      plugins: [lazyTokenStackTraces],
      logLevel: "silent",
    });
    const bundle = readFileSync(join(outdir, "token-error.js"), "utf8");
    expect(bundle).toContain("Error.captureStackTrace(holder, below)");
    const run = spawnSync(process.execPath, [join(outdir, "token-error.js")], { encoding: "utf8" });
    expect(run.stdout).toContain("Resolution error: cannot produce.");
    expect(run.stdout).toMatch(/Object creation stack:\n {2}at new LazyBase [^\n]*\n[\s\S]*\n {2}at createTheFailingToken \(/);
  });

  test("still zips cdktf ARCHIVE assets (in a child process from node_modules), without bundling archiver", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "bundle-"));
    await build({
      stdin: {
        contents: `
          const { App, AssetType, TerraformAsset, TerraformStack } = require("cdktf");
          const app = new App({ outdir: process.argv[2], skipValidation: true });
          const asset = new TerraformAsset(new TerraformStack(app, "stack"), "bundle", { path: ${JSON.stringify(join(ROOT, "hooks-bundle"))}, type: AssetType.ARCHIVE });
          app.synth();
          console.log(asset.path);
        `,
        resolveDir: ROOT,
        sourcefile: "archive-asset.js",
      },
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile: join(outdir, "archive-asset.js"),
      plugins: [unbundledArchiveWorker],
      logLevel: "silent",
    });
    expect(readFileSync(join(outdir, "archive-asset.js"), "utf8")).not.toContain("node_modules/archiver/");
    // dist/main.js resolves the worker from the project; this bundle lives in a temporary folder.
    const env = { ...process.env, NODE_PATH: join(ROOT, "node_modules") };
    const run = spawnSync(process.execPath, [join(outdir, "archive-asset.js"), join(outdir, "out")], { encoding: "utf8", env });
    expect(run.stderr).toBe("");
    const zip = readFileSync(join(outdir, "out", "stacks", "stack", run.stdout.trim()));
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(zip.includes("appspec.yml")).toBe(true);
  });
});
