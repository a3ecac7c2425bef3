import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";

const ROOT = join(__dirname, "..");

describe("help (the top-level usage text)", () => {
  test("./help runs as a program (executable, with a shebang) and npm run help prints the same text", () => {
    const direct = spawnSync("./help", { cwd: ROOT, encoding: "utf8" });
    expect(direct.error).toBeUndefined();
    expect(direct.stderr).toBe("");
    expect(direct.status).toBe(0);
    expect(direct.stdout.split("\n")[0]).toBe("codedeploy-bluegreen — CodeDeploy EC2 blue/green estates with CDK for Terraform");
    expect(direct.stdout).toContain("\n  npm run help               Show this text\n");
    // npm runs a script with sh -c in the project folder: the same, without npm's own start-up.
    const script = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.help;
    const viaNpm = spawnSync("sh", ["-c", script], { cwd: ROOT, encoding: "utf8" });
    expect(viaNpm.status).toBe(0);
    expect(viaNpm.stdout).toBe(direct.stdout);
  });

  test("git records help as executable (mode 100755), so a fresh clone can run ./help", () => {
    const entry = spawnSync("git", ["ls-files", "--stage", "help"], { cwd: ROOT, encoding: "utf8" });
    expect(entry.stdout).toMatch(/^100755 [0-9a-f]{40} 0\thelp\n$/);
  });
});
