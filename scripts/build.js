#!/usr/bin/env node
// Builds the app into one CommonJS file, dist/main.js, with esbuild: no type-checking on the
// synth path (`npm run typecheck` does that in its own step), and one file to load instead of
// hundreds of modules. Rebuilds only when a source or the lockfile changed.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "dist");
const ENTRY = path.join(OUT, "main.js");
const STAMP = path.join(OUT, ".build-stamp");
const SOURCE_ROOTS = ["main.ts", "stacks", "modules"];
const { isStale, listInputs, writeStamp } = require("./lib/staleness");
const { requireWithCodeCache } = require("./lib/code-cache");

/**
 * cdktf records the full creation stack of every token it creates (thousands per stack), only
 * to print it if that token later fails to resolve: capturing and formatting those traces was
 * ~40% of a synth and most of the per-stack cost. In the bundle the capture keeps the nearest
 * frames and formats them only when an error message reads them (cdktf only ever calls
 * `.join()` or `.length` on them). Tests run the unmodified library.
 */
const TOKEN_STACK_FRAMES = 10;
const lazyTokenStackTraces = {
  name: "lazy-token-stack-traces",
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      loader: "js",
      contents: `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.captureStackTrace = captureStackTrace;
function captureStackTrace(below) {
  below = below || captureStackTrace;
  const holder = {};
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = ${TOKEN_STACK_FRAMES};
    Error.captureStackTrace(holder, below); // V8 formats holder.stack on first read only
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  let frames;
  const materialize = () =>
    (frames = frames || (holder.stack || "").split("\\n").slice(1).map((s) => s.replace(/^\\s*at\\s+/, "")));
  return new Proxy([], {
    get(_target, key) {
      const value = Reflect.get(materialize(), key);
      return typeof value === "function" ? value.bind(frames) : value;
    },
    has: (_target, key) => Reflect.has(materialize(), key),
    ownKeys: () => Reflect.ownKeys(materialize()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(materialize(), key),
  });
}
`,
    }));
  },
};

/**
 * An esbuild plugin that edits one file of a dependency as it is bundled: each
 * `[from, to, count]` replaces every occurrence of `from`, which must occur exactly `count`
 * times, so that a changed dependency fails the build instead of bundling unpatched.
 * @param {string} name plugin name
 * @param {RegExp} filter the file's path
 * @param {() => Array<[string, string, number]>} replacements (called per load)
 * @throws Error naming the file and the text that is no longer there `count` times
 */
function sourcePatch(name, filter, replacements) {
  return {
    name,
    setup(build) {
      build.onLoad({ filter }, (args) => {
        let contents = fs.readFileSync(args.path, "utf8");
        for (const [from, to, count] of replacements()) {
          if (contents.split(from).length - 1 !== count) throw new Error(`${args.path} no longer has ${from} ${count} time(s); revisit scripts/build.js`);
          contents = contents.split(from).join(to);
        }
        return { loader: "js", contents };
      });
    },
  };
}

/**
 * cdktf zips ARCHIVE assets by running its own module file as a child process
 * (`node ${__filename} src dest`). Bundled, that file is dist/main.js: the child would run the
 * whole app again, which zips again, and so on. In the bundle the child runs the module from
 * node_modules instead, and the bundle leaves out archiver and its ~700 KB of dependencies,
 * which only that child uses (the revision bundle is zipped in process: modules/delivery/revision.ts).
 */
const ARCHIVE_WORKER_CALL = "`node ${__filename} ${src} ${dest}`";
const ARCHIVER_IMPORT = 'const archiver = require("archiver");';
const unbundledArchiveWorker = sourcePatch("unbundled-archive-worker", /[\\/]cdktf[\\/]lib[\\/]private[\\/]fs\.js$/, () => {
  const worker = '${JSON.stringify(require.resolve("cdktf/lib/private/fs.js"))}';
  return [
    [ARCHIVE_WORKER_CALL, `\`node ${worker} \${JSON.stringify(src)} \${JSON.stringify(dest)}\``, 1],
    [ARCHIVER_IMPORT, "const archiver = undefined; // only the worker, run from node_modules, zips", 1],
  ];
});

/**
 * cdktf's TFExpression.resolveArg resolves a non-string argument, then hands the argument to
 * resolveExpressionPart, which resolves it again with the same context: every level of nested
 * Fn/Op calls over lists doubles the work. The fleet's serving-group expression (about ten
 * levels, in the deployment group and its check block) took ~60% of all token resolutions of a
 * synth. In the bundle resolveArg passes its result on; both calls read the same unchanged context,
 * so the value is the same. Tests run the unmodified library.
 */
const RESOLVE_EXPRESSION_PART = "resolveExpressionPart(context, arg) {\n        const resolvedArg = context.resolve(arg);";
const RESOLVE_ARG_TAIL = "        return this.resolveExpressionPart(context, arg);\n    }";
const singleArgumentResolution = sourcePatch("single-argument-resolution", /[\\/]cdktf[\\/]lib[\\/]tfExpression\.js$/, () => [
  [
    RESOLVE_EXPRESSION_PART,
    "resolveExpressionPart(context, arg, resolved) {\n        const resolvedArg = resolved ? resolved.value : context.resolve(arg);",
    1,
  ],
  [RESOLVE_ARG_TAIL, "        return this.resolveExpressionPart(context, arg, { value: resolvedArg });\n    }", 1],
]);

/** Whether resolve() returns `x` itself, whatever the context: no token in it, nothing to report. */
const PLAIN_LEAF = `function plainLeaf(x) {
    switch (typeof x) {
        case "undefined":
        case "boolean":
            return true;
        case "number":
            return x !== token_1.Token.NUMBER_MAP_TOKEN_VALUE && tokenMap.lookupNumberToken(x) === undefined;
        case "string":
            // every string and list token marker holds "TfToken["; numbers are looked for as resolve() does
            return !x.includes("TfToken[") && x !== token_1.Token.STRING_MAP_TOKEN_VALUE && x !== token_1.Token.ANY_MAP_TOKEN_VALUE && !encoding_1.TokenString.forNumbers(x).test();
        default:
            return x === null;
    }
}`;

/**
 * cdktf's resolve() runs for every value of every element, three times per synth (prepareStack,
 * toTerraform per element, toTerraform of the whole stack), and our guardrails a fourth. For
 * every value it joins the path into a string used only in error messages, and for every string
 * and number it builds a full resolution context (two closures, a path array) only to read two
 * flags or to find that the number is no token. In the bundle the path is joined when an error
 * names it, the flags are read from the same previous context, and a context is built for a
 * number only when it is a token; a leaf that resolves to itself (most values) is taken as it
 * is, without a context, a copy of the options and a nested call: the same values and the same
 * messages. Tests run the unmodified library.
 */
const LEAN_RESOLVE = [
  ['const pathName = "/" + prefix.join("/");', 'const pathName = () => "/" + prefix.join("/");', 1],
  ["(pathName", "(pathName()", 4],
  [
    "const context = makeContext()[0];\n        const tokenStr = encoding_1.TokenString.forString(str, !context.ignoreEscapes, context.warnEscapes);",
    "const tokenStr = encoding_1.TokenString.forString(str, !options.previousContext?.ignoreEscapes, options.previousContext?.warnEscapes);",
    1,
  ],
  ["return resolveNumberToken(obj, makeContext()[0]);", "return tokenMap.lookupNumberToken(obj) === undefined ? obj : resolveNumberToken(obj, makeContext()[0]);", 1],
  // Leaves: plainLeaf() answers from the tests resolve() itself makes; anything else, and any value
  // at the depth where resolve() reports a circular reference, goes to the nested call.
  ["function isConstruct(x) {", `${PLAIN_LEAF}\nfunction isConstruct(x) {`, 1],
  [".map((x, i) => makeContext(`${i}`)[0].resolve(x))", ".map((x, i) => (prefix.length < 200 && plainLeaf(x) ? x : makeContext(`${i}`)[0].resolve(x)))", 1],
  ["const resolvedKey = makeContext()[0].resolve(key);", "const resolvedKey = plainLeaf(key) ? key : makeContext()[0].resolve(key);", 1],
  [
    "const value = makeContext(key)[0].resolve(obj[key]);",
    "const raw = obj[key];\n        const value = prefix.length < 200 && plainLeaf(raw) ? raw : makeContext(key)[0].resolve(raw);",
    1,
  ],
];
const leanResolve = sourcePatch("lean-resolve", /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]resolve\.js$/, () => LEAN_RESOLVE);

/**
 * The bundle's entry requires main.ts instead of being main.ts. As the entry point, main.ts and
 * every ES module it imports ran in the bundle's top-level function, whose bytecode is most of
 * the bundle's; V8 moves a running function to its baseline (Sparkplug) code at a loop, and
 * finds a baseline frame's position in a stack trace by walking that function's offset table
 * from its start. Most of the ~1,350 token creation stacks of the default stacks reach that
 * frame: their capture took ~80 ms of CPU, ~20 ms with the entry required (each module's code
 * then runs in a function of its own, and the top-level function only defines them). Same
 * modules, same order of evaluation.
 */
const APP_ENTRY = { contents: 'require("./main.ts");', resolveDir: ROOT, sourcefile: "app-entry.js", loader: "js" };

async function build(inputs) {
  const esbuild = require("esbuild");
  fs.rmSync(OUT, { recursive: true, force: true });
  const result = await esbuild.build({
    stdin: APP_ENTRY,
    outfile: ENTRY,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // Without comments and indentation the bundle is 3.5 MB instead of 5.1 MB, and ASCII only
    // (the non-ASCII characters were all in comments): Node decodes an ASCII file and V8 scans
    // it several times faster (read + compile ~600 -> ~300 ms here). Names are kept, so error
    // messages and token creation stacks still name functions (at line 1 of the bundle).
    minifyWhitespace: true,
    logLevel: "silent",
    plugins: [lazyTokenStackTraces, unbundledArchiveWorker, singleArgumentResolution, leanResolve],
  });
  if (result.errors.length > 0) {
    throw new Error(esbuild.formatMessagesSync(result.errors, { kind: "error" }).join("\n"));
  }
  writeStamp(inputs, STAMP);
}

/** Builds dist/main.js when an input is newer than the last build; resolves to its path. */
async function ensureBuilt({ force = false } = {}) {
  // Dependencies are bundled too: the lockfile is an input.
  const inputs = listInputs(SOURCE_ROOTS);
  if (force || isStale(inputs, ENTRY, STAMP)) {
    try {
      await build(inputs);
    } catch (error) {
      // esbuild reports syntax errors with file and line; surface them without a JS stack.
      throw new Error(`build failed:\n${error.errors ? error.message : error.stack}`);
    }
  }
  return ENTRY;
}

/**
 * V8's tiering for a synth, a process of about a second: by default TurboFan optimizes every
 * function that has run briefly (~200 calls of a small one), in compile threads that took a fifth
 * of the CPU-seconds of the default stacks' synth, mostly for code that had finished by the time
 * it was optimized. With 15 times V8's interrupt budget only the functions that stay hot (token
 * resolution in a large estate) are optimized: the default stacks took ~18% fewer CPU-seconds
 * and 60 stacks ~11% fewer. Set before the bundle is compiled, by every run alike: V8's code
 * cache records the flags it was made under and refuses itself under others. (Only a flag V8
 * reads as it goes is safe to change in a running process; this one sets the budget of each
 * function created afterwards.)
 *
 * The young generation stays at its starting size (V8 doubles it at each scavenge that finds it
 * too small, to 16 MiB a semi-space): on these machines the first touch of a page costs ~10 µs of
 * kernel time (measured: sys time over page faults), and a synth keeps most of what it allocates
 * (the construct tree, its tokens), so a growing young generation mostly bought fresh pages to
 * copy survivors into. Kept small, its pages stay mapped and warm: the default stacks took 21,400
 * -> 14,200 page faults and 1.14 -> 0.91 CPU-s (medians of 10 alternating runs), 60 stacks 9.3 ->
 * 5.9 CPU-s, though V8 scavenges ~120 times instead of ~16. A larger young generation
 * (`--max-semi-space-size`, `--min-semi-space-size`, which only a command line can set) made it
 * slower, not faster. V8 reads the growth factor whenever it resizes, so it takes effect set in
 * the running process.
 */
const SYNTH_V8_FLAGS = ["--interrupt-budget=1000000", "--semi-space-growth-factor=1"];

function tuneV8ForSynth() {
  const v8 = require("v8");
  for (const flag of SYNTH_V8_FLAGS) v8.setFlagsFromString(flag);
}

/**
 * Builds dist/main.js if needed, then runs the app in this process, with V8 tuned for a short
 * run and the V8 code cache kept beside the bundle (scripts/lib/code-cache.js; written by the
 * first run after a build, removed with dist/ by the next build): compiling the 3.5 MB bundle is
 * a fifth of the app's time.
 */
function runApp() {
  tuneV8ForSynth();
  ensureBuilt().then(
    (entry) => requireWithCodeCache(entry),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}

module.exports = { ensureBuilt, runApp, tuneV8ForSynth, SYNTH_V8_FLAGS, lazyTokenStackTraces, unbundledArchiveWorker, singleArgumentResolution, leanResolve };

if (require.main === module) {
  ensureBuilt({ force: process.argv.includes("--force") }).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
