import { spawnSync } from "child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { createHash } from "crypto";
import { tmpdir } from "os";
import { join } from "path";

const CODE_CACHE = join(__dirname, "..", "..", "scripts", "lib", "code-cache.js");

// How the app runs its bundle (scripts/build.js runApp): as `require` would, with a V8 code cache
// beside it that belongs to exactly one version of the file.
describe("requireWithCodeCache (scripts/lib/code-cache.js)", () => {
  let dir: string;
  const file = () => join(dir, "bundle.js");
  const cacheFile = () => `${file()}.code-cache`;
  const writeBundle = (answer: number) =>
    writeFileSync(
      file(),
      [
        `const dep = require("./dep");`,
        `module.exports = { answer: ${answer}, dep, file: __filename, dir: __dirname, same: require(__filename) === module.exports };`,
        `if (process.env.FAIL) throw new Error("from line 3");`,
      ].join("\n"),
    );
  /** Runs the bundle in a new process: what it exported and what became of the cache. */
  const run = (env: NodeJS.ProcessEnv = {}) => {
    const program = `const r = require(${JSON.stringify(CODE_CACHE)}).requireWithCodeCache(${JSON.stringify(file())}); console.log(JSON.stringify(r));`;
    const result = spawnSync(process.execPath, ["-e", program], { encoding: "utf8", env: { ...process.env, ...env } });
    return { status: result.status, stderr: result.stderr, ...(result.stdout ? JSON.parse(result.stdout) : {}) };
  };
  const cacheDigest = () => readFileSync(cacheFile()).subarray(0, 20);
  const fileDigest = () => createHash("sha1").update(readFileSync(file())).digest();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "code-cache-"));
    writeFileSync(join(dir, "dep.js"), `module.exports = "dep";`);
    writeBundle(41);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("runs the file as require does, writes the cache at exit, and the next run uses it", () => {
    const first = run();
    expect(first).toEqual({ status: 0, stderr: "", cache: "missing", exports: { answer: 41, dep: "dep", file: file(), dir, same: true } });
    expect(cacheDigest()).toEqual(fileDigest());
    const second = run();
    expect(second.cache).toBe("used");
    expect(second.exports).toEqual(first.exports);
  });

  test("never uses the cache of another version of the file, even one of the same length", () => {
    run();
    writeBundle(42);
    const changed = run();
    expect(changed.cache).toBe("missing");
    expect(changed.exports.answer).toBe(42);
    expect(cacheDigest()).toEqual(fileDigest());
    expect(run().cache).toBe("used");
  });

  test("replaces a cache V8 refuses", () => {
    const notV8 = Buffer.from("not a V8 code cache");
    writeFileSync(cacheFile(), Buffer.concat([fileDigest(), createHash("sha1").update(notV8).digest(), notV8]));
    expect(run().cache).toBe("refused");
    expect(run().cache).toBe("used");
  });

  test("never hands V8 a damaged cache (V8 does not check it and would crash): the run compiles from source and rewrites it", () => {
    run();
    const damaged = readFileSync(cacheFile());
    damaged[damaged.length - 100] ^= 0xff;
    writeFileSync(cacheFile(), damaged);
    const afterDamage = run();
    expect({ status: afterDamage.status, cache: afterDamage.cache, answer: afterDamage.exports?.answer }).toEqual({ status: 0, cache: "missing", answer: 41 });
    expect(run().cache).toBe("used");
  });

  test("reads a file that is not ASCII as UTF-8, the cache included", () => {
    writeFileSync(file(), `module.exports = { answer: "déjà 41 ✓" };`);
    expect(run()).toMatchObject({ status: 0, cache: "missing", exports: { answer: "déjà 41 ✓" } });
    expect(run()).toMatchObject({ status: 0, cache: "used", exports: { answer: "déjà 41 ✓" } });
  });

  test("stack traces name the file's own line numbers", () => {
    const failed = run({ FAIL: "1" });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("Error: from line 3");
    expect(failed.stderr).toContain(`${file()}:3:`);
  });
});
