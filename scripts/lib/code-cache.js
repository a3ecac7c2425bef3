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

const HEAD = Buffer.from(WRAPPER_HEAD, "latin1");
const TAIL = Buffer.from(WRAPPER_TAIL, "latin1");

/**
 * The file's bytes read straight between the wrapper's, into one buffer decoded once, so that the
 * source is one flat string: joined as strings, V8 copied the 3.5 MB bundle once more to flatten it
 * (~15 ms and ~860 page faults per synth here), and joined as buffers (a read, then a copy), the
 * copy cost as much again. @returns `{ wrapped, bytes }`: the whole, and the file's part
 */
function readWrapped(file) {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const wrapped = Buffer.allocUnsafe(HEAD.length + size + TAIL.length);
    HEAD.copy(wrapped, 0);
    let length = 0;
    while (length < size) {
      const read = fs.readSync(fd, wrapped, HEAD.length + length, size - length, null);
      if (read === 0) break; // the file shrank while being read: what was read is hashed and run
      length += read;
    }
    TAIL.copy(wrapped, HEAD.length + length);
    return { wrapped: wrapped.subarray(0, HEAD.length + length + TAIL.length), bytes: wrapped.subarray(HEAD.length, HEAD.length + length) };
  } finally {
    fs.closeSync(fd);
  }
}

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
