import { spawnSync } from "child_process";
import { readFileSync, statSync } from "fs";
import { join } from "path";

const ROOT = join(__dirname, "..", "..");
const WORKFLOW = join(ROOT, ".github", "workflows", "deploy.yml");
const USAGE = `Usage: npm run workflow:deploy [-- --check]

Writes .github/workflows/deploy.yml from the environments configured in cdktf.json,
in their release order.

  --check   compare only: exit 1 when the committed file is stale; write nothing
  --help    print this text
`;

/** Runs the script as `npm run workflow:deploy -- <args>` does and reports whether deploy.yml was touched. */
function run(...args: string[]) {
  const before = { text: readFileSync(WORKFLOW, "utf8"), mtime: statSync(WORKFLOW).mtimeMs };
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "deploy-workflow.js"), ...args], { encoding: "utf8", cwd: ROOT });
  const touched = readFileSync(WORKFLOW, "utf8") !== before.text || statSync(WORKFLOW).mtimeMs !== before.mtime;
  return { ...result, touched };
}

describe("npm run workflow:deploy", () => {
  test("--help prints the usage, exits 0 and writes nothing", () => {
    const result = run("--help");
    expect(result.stdout).toBe(USAGE);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.touched).toBe(false);
  });

  test("an unknown flag exits 2 with the usage and writes nothing", () => {
    const result = run("--chek");
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`Unknown option '--chek'\n\n${USAGE}`);
    expect(result.status).toBe(2);
    expect(result.touched).toBe(false);
  });
});
