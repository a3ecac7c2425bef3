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
  // Runs before every synth: directory entries carry their type, so only roots and symbolic
  // links cost a stat (a stat per file was ~30 of the ~40 ms of this walk on 150 files).
  const walk = (rel, isDirectory) => {
    if (isDirectory) {
      const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) visit(path.join(rel, entry.name), entry);
    } else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) {
      files.push(rel);
    }
  };
  const visit = (rel, entry) => {
    if (entry && !entry.isSymbolicLink()) return walk(rel, entry.isDirectory());
    const stat = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
    if (stat) walk(rel, stat.isDirectory());
  };
  roots.forEach((rel) => visit(rel));
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
