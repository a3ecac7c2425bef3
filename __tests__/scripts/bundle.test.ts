import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { build, Plugin } from "esbuild";

const ROOT = join(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazyTokenStackTraces, leanResolve, singleArgumentResolution, unbundledArchiveWorker } = require("../../scripts/build");
const BUILD_SCRIPT = join(ROOT, "scripts", "build.js");

/** What `program` prints (JSON) run against the library as installed, and bundled with `plugin`. */
async function libraryAndBundle(program: string, plugin: unknown) {
  const outdir = mkdtempSync(join(tmpdir(), "bundle-"));
  await build({
    stdin: { contents: program, resolveDir: ROOT, sourcefile: "program.js" },
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile: join(outdir, "program.js"),
    plugins: [plugin as Plugin],
    logLevel: "silent",
  });
  const run = (args: string[]) => JSON.parse(spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" }).stdout);
  return { library: run(["-e", program]), bundled: run([join(outdir, "program.js")]) };
}

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

  test("resolves each argument of a nested expression once, to the same Terraform as the library", async () => {
    // Ten nested list functions: the library resolves the innermost argument twice as often
    // with every second level (3 × 2^5 times in a synth); the bundle once in each of the synth's
    // two passes (prepareStack and toTerraform).
    const program = `
      const { Fn, Lazy, Testing, TerraformOutput, TerraformStack } = require("cdktf");
      const stack = new TerraformStack(Testing.app(), "stack");
      let produced = 0;
      let list = [Lazy.stringValue({ produce: () => { produced++; return "a"; } }), "b"];
      for (let level = 0; level < 10; level++) list = level % 2 ? Fn.reverse(list) : Fn.sort(list);
      new TerraformOutput(stack, "out", { value: Fn.lengthOf(list) });
      console.log(JSON.stringify({ output: JSON.parse(Testing.synth(stack)).output, produced }));
    `;
    const { library, bundled } = await libraryAndBundle(program, singleArgumentResolution);
    expect(library.produced).toBe(3 * 2 ** 5);
    expect(bundled.produced).toBe(2);
    expect(bundled.output).toEqual(library.output);
    expect(bundled.output.out.value).toMatch(/^\$\{length\(reverse\(sort\(reverse\(/);
  });

  test("resolves strings, numbers, escapes and an unresolvable value as the library does (lean resolve)", async () => {
    // Every path the bundle's resolve() takes differently: plain and token strings inside and
    // outside a function call (escapes), plain and token numbers, and an error naming a path.
    const program = `
      const { Fn, Lazy, Testing, TerraformOutput, TerraformStack, TerraformVariable, Token } = require("cdktf");
      const synth = (build) => {
        const stack = new TerraformStack(Testing.app(), "stack");
        try { build(stack); return JSON.parse(Testing.synth(stack)).output; } catch (error) { return error.message.split("\\n")[0]; }
      };
      console.log(JSON.stringify([
        synth((stack) => {
          const port = new TerraformVariable(stack, "port", { type: "number" });
          const name = new TerraformVariable(stack, "name", { type: "string" });
          new TerraformOutput(stack, "plain", { value: { text: "a \\\${b} c", number: 8080, list: [1, "x", true] } });
          new TerraformOutput(stack, "tokens", { value: { text: \`\${name.stringValue}:\${Token.asString(port.numberValue)}\`, number: port.numberValue, lazy: Lazy.numberValue({ produce: () => 42 }) } });
          new TerraformOutput(stack, "call", { value: Fn.join("-", ["a \\\${b}", name.stringValue, Fn.tostring(port.numberValue)]) });
        }),
        synth((stack) => new TerraformOutput(stack, "fn", { value: { deep: [{ f: () => 1 }] } })),
        // leaves that resolve to themselves, next to ones that do not: token keys, strings that
        // look like encoded numbers, undefined in lists and maps, a token in a list
        synth((stack) => {
          const name = new TerraformVariable(stack, "name", { type: "string" });
          new TerraformOutput(stack, "leaves", { value: {
            [name.stringValue]: "keyed by a token", plain: ["1e5", "a-e-b", "2.5e+3", true, false, undefined, 0, -1.5, name.stringValue],
            gone: undefined, flag: false, nested: [[["deep", 7, undefined]]], number: Token.asNumber(Lazy.numberValue({ produce: () => 3 })),
          } });
        }),
        synth((stack) => new TerraformOutput(stack, "map-marker", { value: { text: Token.STRING_MAP_TOKEN_VALUE } })),
        synth((stack) => new TerraformOutput(stack, "any-map-marker", { value: [Token.ANY_MAP_TOKEN_VALUE] })),
        synth((stack) => new TerraformOutput(stack, "number-map-marker", { value: { number: Token.NUMBER_MAP_TOKEN_VALUE } })),
        synth((stack) => {
          let value = { leaf: "deepest" };
          for (let i = 0; i < 205; i++) value = { next: value };
          new TerraformOutput(stack, "deep", { value });
        }),
        synth((stack) => {
          let value = ["deepest"];
          for (let i = 0; i < 205; i++) value = [value];
          new TerraformOutput(stack, "deep-list", { value });
        }),
      ]));
    `;
    const { library, bundled } = await libraryAndBundle(program, leanResolve);
    expect(bundled).toEqual(library);
    expect(library[0].tokens.value).toEqual({ text: "${var.name}:${var.port}", number: "${var.port}", lazy: 42 });
    expect(library[1]).toMatch(/'\/output\/fn\/value\/deep\/0\/f'/);
    expect(library[2].leaves.value).toEqual({
      "${var.name}": "keyed by a token",
      plain: ["1e5", "a-e-b", "2.5e+3", true, false, 0, -1.5, "${var.name}"],
      flag: false,
      nested: [[["deep", 7]]],
      number: 3,
    });
    expect(library.slice(3)).toEqual([
      expect.stringMatching(/map token/i),
      expect.stringMatching(/map token/i),
      expect.stringMatching(/map token/i),
      expect.stringMatching(/circular reference/i),
      expect.stringMatching(/circular reference/i),
    ]);
  });

  test("the app's V8 tuning takes effect: a function called 1,000 times stays interpreted, as it would not by default", () => {
    // The app sets its flags in a running process (scripts/build.js tuneV8ForSynth); a V8 that
    // ignored them would silently give back the CPU-seconds. Synchronous optimization keeps the
    // outcome independent of machine load; V8 optimizes such a function after ~200 calls.
    const program = (tuned: boolean) => `
      ${tuned ? `require(${JSON.stringify(BUILD_SCRIPT)}).tuneV8ForSynth();` : ""}
      function add(list) { let sum = 0; for (let i = 0; i < 10; i++) sum += list[i % list.length]; return sum; }
      for (let call = 0; call < 1000; call++) add([1, 2, 3]);
      console.log((%GetOptimizationStatus(add) & 16) !== 0 ? "optimized" : "interpreted");
    `;
    const run = (tuned: boolean) =>
      spawnSync(process.execPath, ["--allow-natives-syntax", "--no-concurrent-recompilation", "-e", program(tuned)], { encoding: "utf8" }).stdout.trim();
    expect({ byDefault: run(false), tuned: run(true) }).toEqual({ byDefault: "optimized", tuned: "interpreted" });
  });

  test("the app's V8 tuning keeps the young generation at its starting size, where by default it grows", () => {
    // 120,000 objects kept alive, as a synth keeps its construct tree: by default V8 doubles the
    // young generation at each scavenge that promotes much; tuned, its pages are reused.
    const program = (tuned: boolean) => `
      ${tuned ? `require(${JSON.stringify(BUILD_SCRIPT)}).tuneV8ForSynth();` : ""}
      const youngBytes = () => require("v8").getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size;
      const start = youngBytes();
      const kept = [];
      for (let i = 0; i < 120000; i++) kept.push({ i, name: "x" + i });
      console.log(JSON.stringify({ start, end: youngBytes(), kept: kept.length }));
    `;
    const run = (tuned: boolean) => JSON.parse(spawnSync(process.execPath, ["-e", program(tuned)], { encoding: "utf8" }).stdout);
    const byDefault = run(false);
    const tuned = run(true);
    expect(byDefault.end).toBeGreaterThanOrEqual(8 * byDefault.start);
    expect(tuned.end).toBeLessThanOrEqual(2 * tuned.start);
  });
});
