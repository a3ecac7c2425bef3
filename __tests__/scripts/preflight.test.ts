import { spawnSync } from "child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

/*
 * `npm test` on a machine set up only with Node: one message naming every missing tool, non-zero
 * exit, and nothing started (no type-check, no jest).
 */

const ROOT = join(__dirname, "..", "..");
/** What the scripts themselves use, and nothing the tests need. */
const BASICS = ["bash", "node", "dirname", "uname", "sed", "mktemp", "rm", "cat", "printf"];

function which(tool: string): string {
  return spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
}

let bin: string;
beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), "preflight-bin-"));
  for (const tool of BASICS) {
    const path = which(tool);
    if (path.startsWith("/")) symlinkSync(path, join(bin, tool));
  }
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

function npmTest(env: Record<string, string> = {}) {
  return spawnSync("bash", [join(ROOT, "scripts", "test.sh")], {
    encoding: "utf8",
    env: { HOME: process.env.HOME ?? "/tmp", PATH: bin, APACHE_BIN: join(bin, "no-apache2"), APACHE_MODULES: join(bin, "no-modules"), ...env },
    timeout: 30_000,
  });
}

describe("npm test's preflight", () => {
  test("names every missing tool in one message, with its install command, and runs nothing", () => {
    const result = npmTest();
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines[0]).toBe('npm test: 4 prerequisite(s) missing, nothing was run (README, "Set up"):');
    expect(lines.slice(1).map((line) => line.replace(/:.*$/, ""))).toEqual(["  - Terraform >= 1.10", "  - bats", "  - shellcheck", "  - Apache httpd"]);
    for (const line of lines.slice(1)) expect(line).toMatch(/; install: (sudo apt-get|wget|brew|curl)/);
  });

  test("a Terraform older than 1.10 is named with the version found", () => {
    const terraform = join(bin, "terraform");
    writeFileSync(terraform, '#!/bin/bash\necho "Terraform v1.9.8"\n');
    chmodSync(terraform, 0o755);
    const result = npmTest();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("  - Terraform >= 1.10: found 1.9.8; install:");
  });

  test("passes silently on a machine with everything (this one)", () => {
    const result = spawnSync("bash", [join(ROOT, "scripts", "preflight.sh")], { encoding: "utf8" });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
  });
});
