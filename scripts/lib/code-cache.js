// Runs a CommonJS file as `require` does, with a V8 code cache kept beside it (`<file>.code-cache`),
// so that the next process skips most of parsing and compiling it. Node 20 has no built-in
// compile cache for modules (module.enableCompileCache() arrived in Node 22); vm.Script's
// cachedData is the documented way. The cache belongs to one version of the file: it starts with
// the file's SHA-1 and is used only when that matches (V8 itself checks just the source length,
// its version and its flags), and the cached code only when its own digest, stored next, matches:
// V8 does not checksum it, and a damaged one crashes the process (SIGTRAP or SIGSEGV) instead of
// being refused. (SHA-1 guards against another version and accidental damage, not against an
// attacker, who could edit the bundle itself; over the 6.4 MB read per run it costs ~5 ms of
// CPU where SHA-256 cost ~28 ms on these machines.) It is written when the process exits, after
// the run compiled the functions it needed, and only when it was missing or refused; a failed
// write is ignored (the next run compiles from source, as without a cache).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const { isAscii } = require("buffer");
const Module = require("module");

const CACHE_SUFFIX = ".code-cache";
const DIGEST_BYTES = 20;
// Node's own parameters for a CommonJS module, on a line of its own: lineOffset -1 keeps the
// file's line and column numbers in stack traces.
const WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname) {\n";
const WRAPPER_TAIL = "\n})";

const digestOf = (bytes) => crypto.createHash("sha1").update(bytes).digest();

function readCache(cacheFile, digest) {
  let cache;
  try {
    cache = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (cache.length <= 2 * DIGEST_BYTES || !cache.subarray(0, DIGEST_BYTES).equals(digest)) return undefined;
  const data = cache.subarray(2 * DIGEST_BYTES);
  return digestOf(data).equals(cache.subarray(DIGEST_BYTES, 2 * DIGEST_BYTES)) ? data : undefined;
}

function writeCache(cacheFile, digest, data) {
  const temporary = `${cacheFile}.${process.pid}`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([digest, digestOf(data), data]));
    fs.renameSync(temporary, cacheFile); // whole or not at all, whichever process writes last
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * The file's bytes read in between the wrapper's, so that the source is one flat string: joined
 * as strings, V8 copied the 3.5 MB bundle once more to flatten it (~15 ms and ~860 page faults
 * per synth here). @returns `{ wrapped, bytes }`: the whole, and the file's part of it
 */
function readWrapped(file) {
  const head = Buffer.from(WRAPPER_HEAD, "latin1");
  const tail = Buffer.from(WRAPPER_TAIL, "latin1");
  const fd = fs.openSync(file, "r");
  try {
    let wrapped = Buffer.allocUnsafe(head.length + fs.fstatSync(fd).size + tail.length);
    head.copy(wrapped, 0);
    let end = head.length;
    for (;;) {
      const room = wrapped.length - tail.length - end;
      const read = room > 0 ? fs.readSync(fd, wrapped, end, room, null) : 0;
      end += read;
      if (read > 0) continue;
      const more = fs.readFileSync(fd); // empty unless the file grew since fstat
      if (more.length === 0) break;
      wrapped = Buffer.concat([wrapped.subarray(0, end), more, Buffer.alloc(tail.length)]);
      end += more.length;
    }
    tail.copy(wrapped, end);
    return { wrapped: wrapped.subarray(0, end + tail.length), bytes: wrapped.subarray(head.length, end) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Runs `file` (an absolute path) as the module `require(file)` would create, once.
 * @returns `{ exports, cache }`: the module's exports, and whether the code cache was `used`,
 *   `refused` (by V8, e.g. another Node version) or `missing` (no cache, one of another file, or a damaged one).
 */
function requireWithCodeCache(file) {
  const { wrapped, bytes } = readWrapped(file);
  const digest = digestOf(bytes);
  const cacheFile = `${file}${CACHE_SUFFIX}`;
  const cachedData = readCache(cacheFile, digest);
  // An ASCII file decodes faster as Latin-1, to the same string (the wrapper is ASCII).
  const source = wrapped.toString(isAscii(bytes) ? "latin1" : "utf8");
  const script = new vm.Script(source, { filename: file, lineOffset: -1, cachedData });
  const cache = cachedData === undefined ? "missing" : script.cachedDataRejected ? "refused" : "used";
  if (cache !== "used") process.once("exit", () => writeCache(cacheFile, digest, script.createCachedData()));

  const module = new Module(file, require.main);
  module.filename = file;
  Module._cache[file] = module;
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return { exports: module.exports, cache };
}

module.exports = { CACHE_SUFFIX, requireWithCodeCache };
