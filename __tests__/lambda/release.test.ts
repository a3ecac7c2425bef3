import { spawnSync } from "child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";
import { trafficShiftBuildspec } from "../../modules/lambda/release";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hooks = require("../../modules/lambda/functions/hooks/index.js");

/**
 * The release build's script, run with bash as CodeBuild runs it (the buildspec's one command, in
 * the source folder), against a stand-in `aws` that answers from the scenario and records every
 * call; zip and jq are the real ones. shellcheck reads the same script.
 */
const script = (): string => parse(trafficShiftBuildspec()).phases.build.commands[0];

/** A stand-in AWS CLI: versions and statuses from the environment, calls appended to $CALLS, the revision kept in $REVISION. */
const FAKE_AWS = `#!/usr/bin/env bash
set -euo pipefail
printf '%s\\n' "$*" >> "$CALLS"
case "$1 $2" in
  "lambda update-function-code") [ -s "\${6#fileb://}" ] || { echo "no package at $6" >&2; exit 65; }; echo "$TARGET_VERSION" ;;
  "lambda wait") ;;
  "lambda get-alias") echo "$CURRENT_VERSION" ;;
  "deploy create-deployment")
    while [ $# -gt 0 ]; do if [ "$1" = "--revision" ]; then printf '%s' "$2" > "$REVISION"; fi; shift; done
    echo "d-TEST12345" ;;
  "deploy get-deployment")
    read -r -a statuses <<< "$STATUSES"
    index=$(grep -c "^deploy get-deployment" "$CALLS")
    echo "\${statuses[$((index - 1))]:-\${statuses[-1]}}" ;;
  *) echo "unexpected aws $*" >&2; exit 64 ;;
esac
`;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: string[];
  readonly revision?: Record<string, any>;
  readonly appspec?: string;
  /** What the build left in its TMPDIR. */
  readonly leftInTmp: string[];
  readonly tmp: string;
}

function runBuild(scenario: { current: string; target: string; statuses?: string }): Run {
  const dir = mkdtempSync(join(tmpdir(), "lambda-release-"));
  try {
    const bin = join(dir, "bin");
    const source = join(dir, "src", "function");
    const tmp = join(dir, "tmp");
    mkdirSync(bin);
    mkdirSync(tmp);
    mkdirSync(source, { recursive: true });
    writeFileSync(join(bin, "aws"), FAKE_AWS);
    chmodSync(join(bin, "aws"), 0o755);
    writeFileSync(join(source, "index.js"), "exports.handler = async () => ({ statusCode: 200 });\n");
    const result = spawnSync("bash", ["-c", script()], {
      encoding: "utf8",
      env: {
        PATH: `${bin}:/usr/bin:/bin`,
        HOME: dir,
        TMPDIR: tmp,
        CODEBUILD_SRC_DIR: join(dir, "src"),
        CODEBUILD_RESOLVED_SOURCE_VERSION: "abc1234",
        FUNCTION_SOURCE: "function",
        FUNCTION_NAME: "shop-api",
        ALIAS_NAME: "live",
        PRE_TRAFFIC_HOOK: "shop-api-pre-traffic",
        POST_TRAFFIC_HOOK: "shop-api-post-traffic",
        APPLICATION_NAME: "shop-api",
        DEPLOYMENT_GROUP_NAME: "shop-api",
        POLL_SECONDS: "0",
        CALLS: join(dir, "calls"),
        REVISION: join(dir, "revision"),
        CURRENT_VERSION: scenario.current,
        TARGET_VERSION: scenario.target,
        STATUSES: scenario.statuses ?? "Succeeded",
      },
    });
    const read = (file: string) => {
      try {
        return readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
    };
    const revision = read(join(dir, "revision"));
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      calls: (read(join(dir, "calls")) ?? "").trim().split("\n").filter(Boolean),
      revision: revision ? JSON.parse(revision) : undefined,
      appspec: read(join(source, "appspec.yml")),
      leftInTmp: readdirSync(tmp),
      tmp,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the release build (trafficShiftBuildspec)", () => {
  test("is shellcheck-clean bash", () => {
    const dir = mkdtempSync(join(tmpdir(), "lambda-shellcheck-"));
    try {
      writeFileSync(join(dir, "build.sh"), `#!/usr/bin/env bash\n${script()}`);
      const result = spawnSync("shellcheck", ["-s", "bash", join(dir, "build.sh")], { encoding: "utf8" });
      expect(result.stdout + result.stderr).toBe("");
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("publishes from a fresh temporary folder, writes the AppSpec the hooks read, starts the shift with it, waits for its end and leaves nothing in TMPDIR", () => {
    const run = runBuild({ current: "6", target: "7", statuses: "InProgress InProgress Succeeded" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.calls.map((call) => call.split(" --")[0])).toEqual([
      "lambda update-function-code",
      "lambda wait published-version-active",
      "lambda get-alias",
      "deploy create-deployment",
      "deploy get-deployment",
      "deploy get-deployment",
      "deploy get-deployment",
    ]);
    expect(run.calls[0]).toMatch(new RegExp(`^lambda update-function-code --function-name shop-api --zip-file fileb://${run.tmp}/tmp\\.\\w+/function\\.zip --publish --query Version --output text$`));
    expect(run.revision).toEqual({ revisionType: "AppSpecContent", appSpecContent: { content: run.appspec } });
    expect(parse(run.appspec!)).toEqual({
      version: 0,
      Resources: [{ function: { Type: "AWS::Lambda::Function", Properties: { Name: "shop-api", Alias: "live", CurrentVersion: "6", TargetVersion: "7" } } }],
      Hooks: [{ BeforeAllowTraffic: "shop-api-pre-traffic" }, { AfterAllowTraffic: "shop-api-post-traffic" }],
    });
    expect(hooks.readAppSpec(run.appspec)).toEqual({ name: "shop-api", alias: "live", targetVersion: "7" });
    expect(run.stdout).toContain("deployment d-TEST12345 succeeded");
    expect(run.leftInTmp).toEqual([]);
  });

  test.each(["Failed", "Stopped"])("a deployment that ends %s fails the build (and the pipeline's Deploy stage), leaving nothing in TMPDIR", (end) => {
    const run = runBuild({ current: "6", target: "7", statuses: `InProgress ${end}` });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`deployment d-TEST12345 ${end}; CodeDeploy moved live back to 6\n`);
    expect(run.leftInTmp).toEqual([]);
  });

  test("nothing to shift (the alias already serves the published version) ends without a deployment, leaving nothing in TMPDIR", () => {
    const run = runBuild({ current: "7", target: "7" });
    expect(run.status).toBe(0);
    expect(run.calls.some((call) => call.startsWith("deploy"))).toBe(false);
    expect(run.stdout).toContain("live already serves version 7: nothing to shift");
    expect(run.leftInTmp).toEqual([]);
  });
});
