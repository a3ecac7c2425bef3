import { readdirSync, readFileSync, statSync } from "fs";
import { dirname, join, relative, resolve } from "path";

const ROOT = join(__dirname, "..");

/**
 * Imports of @cdktf/provider-aws's root: `import * as aws from`, `import { lb } from`,
 * `require(...)`, `export * from`. Each loads all ~2,100 provider modules (~2 s and ~450 MB
 * per synth); only deep imports (`@cdktf/provider-aws/lib/<resource>`) are allowed.
 */
export function rootProviderImports(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)["']@cdktf\/provider-aws\/?["']/g;
  return source.split("\n").filter((line) => pattern.test(line) && (pattern.lastIndex = 0) === 0);
}

/** Generated (the benchmark's naive variant) or quoting the forbidden forms on purpose. */
const EXEMPT = [join(ROOT, "bench", "out"), __filename];

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === "node_modules" || entry.startsWith(".") || EXEMPT.includes(path)) return [];
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

// Spelled in two pieces so that this file does not itself contain the import it forbids.
const PROVIDER = '"@cdktf/provider-aws"';

describe("provider imports", () => {
  test.each([
    `import * as aws from ${PROVIDER};`,
    "import { lb, provider } from '@cdktf/provider-aws';",
    'const aws = require("@cdktf/provider-aws");',
    'export * from "@cdktf/provider-aws";',
    'const aws = await import("@cdktf/provider-aws/");',
  ])("the check catches %s", (line) => {
    expect(rootProviderImports(`// file\n${line}\n`)).toEqual([line]);
  });

  test("the check lets deep imports through", () => {
    expect(rootProviderImports('import { Lb } from "@cdktf/provider-aws/lib/lb";')).toEqual([]);
  });

  test("no source or test file imports the provider's root", () => {
    const files = [join(ROOT, "main.ts"), ...["stacks", "modules", "__tests__", "bench", "scripts"].flatMap((dir) => typeScriptFiles(join(ROOT, dir)))];
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) => rootProviderImports(readFileSync(file, "utf8")).map((line) => `${relative(ROOT, file)}: ${line}`));
    expect(offenders).toEqual([]);
  });
});

/** Every local module main.ts loads (static imports, transitively) and the packages they import. */
function appImportGraph(): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/^(?:import|export)\s(?:[^"';]*?\sfrom\s)?["']([^"']+)["']/gm)) {
      if (specifier.startsWith(".")) {
        const base = resolve(dirname(file), specifier);
        visit([`${base}.ts`, join(base, "index.ts")].find((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile())!);
      } else {
        packages.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]);
      }
    }
  };
  visit(join(ROOT, "main.ts"));
  return { files: [...files].map((file) => relative(ROOT, file)), packages };
}

describe("the synth path", () => {
  test("main.ts never reaches the operations commands, the AWS SDK or the spinner (the app bundle does not grow)", () => {
    const { files, packages } = appImportGraph();
    expect(files).toContain(join("modules", "config", "context-file.ts"));
    expect(files.length).toBeGreaterThan(30);
    expect(files.filter((file) => file.startsWith(join("modules", "operations")))).toEqual([]);
    expect([...packages].filter((name) => name.startsWith("@aws-sdk/") || name === "nanospinner")).toEqual([]);
  });
});
