// When a bundle must be rebuilt: its inputs (the TypeScript sources under some roots, and the
// lockfile, since dependencies are bundled or resolved from it) were added, removed or changed
// since the stamp written with the last build. Shared by the app's bundle (scripts/build.js)
// and the day-two commands' (scripts/operations.js).
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");

/** Relative paths of the `.ts` sources (no `.d.ts`) under `roots` (files or folders of `root`), sorted, then `extra`. */
function listInputs(roots, extra = ["package-lock.json"], root = ROOT) {
  const files = [];
  const walk = (rel) => {
    const stat = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(path.join(root, rel)).sort()) walk(path.join(rel, entry));
    } else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) {
      files.push(rel);
    }
  };
  roots.forEach(walk);
  return [...files, ...extra];
}

/**
 * True when `output` or `stamp` is missing, the stamp lists other inputs (a file was added or
 * removed), or an input is newer than the stamp.
 */
function isStale(inputs, output, stamp, root = ROOT) {
  const stamped = fs.statSync(stamp, { throwIfNoEntry: false });
  if (!stamped || !fs.existsSync(output)) return true;
  if (fs.readFileSync(stamp, "utf8") !== inputs.join("\n")) return true;
  return inputs.some((rel) => (fs.statSync(path.join(root, rel), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > stamped.mtimeMs);
}

/** Records the inputs of the build just made. */
function writeStamp(inputs, stamp) {
  fs.writeFileSync(stamp, inputs.join("\n"));
}

module.exports = { listInputs, isStale, writeStamp };
