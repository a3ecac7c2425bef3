// Generates "the naive cdktf way" from the real sources, mechanically: every deep import of
// a provider class becomes the namespace import `import * as aws from "@cdktf/provider-aws"`
// (uses rewritten to aws.<module>.<Name>), and the app runs through type-checking ts-node as
// cdktf's TypeScript template does (`npx ts-node main.ts`). Nothing here is maintained by hand.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const SOURCE_ROOTS = ["main.ts", "stacks", "modules"];
const DATA_DIRS = ["hooks-bundle"];
const DEEP_IMPORT = /^import\s*\{([^}]*)\}\s*from\s*"@cdktf\/provider-aws\/lib\/([a-z0-9-]+)";\s*$/gm;

const camel = (dir) => dir.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

/** Rewrites one file's deep provider imports into the namespace import. */
function toNamespaceImports(source) {
  // `aws` as in cdktf's docs, unless the file already uses that name for something else.
  const alias = /\baws\b/.test(source) ? "awsProvider" : "aws";
  const replacements = [];
  const rewritten = source.replace(DEEP_IMPORT, (_, names, dir) => {
    for (const name of names.split(",").map((n) => n.trim()).filter(Boolean)) {
      const [imported, local = imported] = name.split(/\s+as\s+/);
      replacements.push([local, `${alias}.${camel(dir)}.${imported}`]);
    }
    return "";
  });
  if (replacements.length === 0) return source;
  let body = rewritten;
  for (const [local, qualified] of replacements) {
    body = body.replace(new RegExp(`(?<![\\w.])${local}\\b`, "g"), qualified);
  }
  return `import * as ${alias} from "@cdktf/provider-aws";\n${body}`;
}

/** Writes the naive variant into `dir` (inside the project, so node_modules resolve). */
function generateNaiveVariant(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let rewrittenImports = 0;
  const copy = (rel) => {
    const from = path.join(ROOT, rel);
    if (fs.statSync(from).isDirectory()) {
      for (const entry of fs.readdirSync(from)) copy(path.join(rel, entry));
      return;
    }
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    // Other files under the sources are read at synth time (a Lambda function's code): as they are.
    if (!rel.endsWith(".ts")) return fs.copyFileSync(from, path.join(dir, rel));
    const source = fs.readFileSync(from, "utf8");
    const naive = toNamespaceImports(source);
    rewrittenImports += (source.match(DEEP_IMPORT) ?? []).length;
    fs.writeFileSync(path.join(dir, rel), naive);
  };
  SOURCE_ROOTS.forEach(copy);
  // Files the app reads at synth time, beside the sources as in the project.
  for (const data of DATA_DIRS) fs.cpSync(path.join(ROOT, data), path.join(dir, data), { recursive: true });
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
  tsconfig.include = ["main.ts", "stacks/**/*.ts", "modules/**/*.ts"];
  tsconfig.compilerOptions.types = ["node"];
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const cdktf = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8"));
  cdktf.app = "npx ts-node main.ts";
  fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify(cdktf, null, 2));
  return { rewrittenImports };
}

module.exports = { generateNaiveVariant, toNamespaceImports };
