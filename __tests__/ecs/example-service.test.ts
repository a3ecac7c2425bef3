import { execFileSync, spawnSync } from "child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse } from "yaml";
import { PROFILE_DEFAULTS } from "../../modules/config";

/** Docker is not available here: the Dockerfile is checked by its content, the buildspec by running its commands against stand-ins. */
const EXAMPLE = join(__dirname, "..", "..", "modules", "ecs", "example-service");
const dockerfile = readFileSync(join(EXAMPLE, "Dockerfile"), "utf8");
const buildspec = parse(readFileSync(join(EXAMPLE, "buildspec.yml"), "utf8"));
const instructions = dockerfile
  .split("\n")
  .filter((line) => line.trim() && !line.startsWith("#"))
  .map((line) => line.trim());

describe("Dockerfile", () => {
  test("starts from a pinned Node 20 image of the public ECR mirror (no :latest, no Docker Hub rate limit)", () => {
    expect(instructions[0]).toMatch(/^FROM public\.ecr\.aws\/docker\/library\/node:20\.\d+-alpine\d+\.\d+$/);
    expect(instructions.filter((line) => line.startsWith("FROM"))).toHaveLength(1);
  });

  test("copies only the server, runs it as the unprivileged node user, on the default container port", () => {
    expect(instructions.filter((line) => /^(COPY|ADD)\b/.test(line))).toEqual(["COPY server.js ./"]);
    expect(instructions).toContain("USER node");
    expect(instructions.indexOf("USER node")).toBeLessThan(instructions.indexOf('CMD ["node", "server.js"]'));
    expect(instructions).toContain(`EXPOSE ${PROFILE_DEFAULTS.dev.ecs.containerPort}`);
    expect(instructions.at(-1)).toBe('CMD ["node", "server.js"]');
  });

  test("installs nothing and writes nothing at build or run time (the task's root filesystem is read-only)", () => {
    expect(instructions.filter((line) => line.startsWith("RUN"))).toEqual([]);
  });

  test("takes the revision the build passes (--build-arg REVISION)", () => {
    expect(instructions).toContain("ARG REVISION=unknown");
    expect(instructions).toContain("ENV NODE_ENV=production REVISION=$REVISION");
  });
});

describe("buildspec.yml", () => {
  const phases = ["pre_build", "build", "post_build"];

  test("is a version 0.2 bash buildspec writing exactly the three files CodeDeployToECS reads", () => {
    expect(buildspec.version).toBe(0.2);
    expect(buildspec.env).toEqual({ shell: "bash" });
    expect(Object.keys(buildspec.phases)).toEqual(phases);
    expect(buildspec.artifacts).toEqual({ files: ["imageDetail.json", "taskdef.json", "appspec.yaml"] });
    for (const phase of phases) expect(buildspec.phases[phase].commands[0]).toBe("set -euo pipefail");
  });

  test("its commands pass shellcheck", () => {
    const script = ["#!/usr/bin/env bash", ...phases.flatMap((phase) => buildspec.phases[phase].commands)].join("\n");
    const result = spawnSync("shellcheck", ["-s", "bash", "-"], { input: script, encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  describe("run against stand-ins for docker and aws", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "ecs-buildspec-"));
      mkdirSync(join(dir, "bin"));
      for (const tool of ["docker", "aws"]) {
        const file = join(dir, "bin", tool);
        // Records every call; `aws ecr describe-images` succeeds only when IMAGE_EXISTS=1.
        writeFileSync(
          file,
          `#!/usr/bin/env bash\necho "${tool} $*" >> "${dir}/calls"\nif [ "${tool} $1 $2" = "aws ecr describe-images" ]; then [ "\${IMAGE_EXISTS:-0}" = 1 ]; exit; fi\nif [ "${tool} $1" = "aws ecr" ]; then echo token; fi\nif [ "${tool} $1" = "docker login" ]; then cat > /dev/null; fi\n`,
        );
        chmodSync(file, 0o755);
      }
      mkdirSync(join(dir, "src"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    // CodeBuild runs every command of a bash buildspec in one shell session, phase after phase.
    const run = (imageExists: boolean) => {
      const script = phases.flatMap((phase) => buildspec.phases[phase].commands).join("\n");
      execFileSync("bash", ["-c", script], {
        cwd: join(dir, "src"),
        env: {
          PATH: `${join(dir, "bin")}:${process.env.PATH}`,
          IMAGE_EXISTS: imageExists ? "1" : "0",
          AWS_REGION: "us-east-1",
          CODEBUILD_RESOLVED_SOURCE_VERSION: "0123456789abcdef0123456789abcdef01234567",
          CODEBUILD_BUILD_SUCCEEDING: "1",
          REPOSITORY_URI: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api",
          TASK_DEFINITION: '{"family":"shop-api","containerDefinitions":[{"name":"app","image":"<IMAGE1_NAME>"}]}',
          APPSPEC: "version: 0.0\nResources: []",
        },
        // No stdin: bash reads ~/.bashrc when its stdin is a socket (node's pipes are), as under rshd.
        stdio: ["ignore", "pipe", "pipe"],
      });
      const file = (name: string) => readFileSync(join(dir, "src", name), "utf8");
      return { calls: readFileSync(join(dir, "calls"), "utf8").trim().split("\n"), file };
    };

    test("a new commit: logs in, builds with the revision, pushes <repository>:<commit>, writes the three files", () => {
      const { calls, file } = run(false);
      // The two sides of the login pipe run side by side: their order is the scheduler's.
      expect(calls.slice(0, 2).sort()).toEqual([
        "aws ecr get-login-password --region us-east-1",
        "docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com",
      ]);
      expect(calls.slice(2)).toEqual([
        "aws ecr describe-images --repository-name shop-api --image-ids imageTag=0123456789ab",
        "docker build --pull --build-arg REVISION=0123456789ab -t 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:0123456789ab .",
        "docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:0123456789ab",
      ]);
      expect(JSON.parse(file("imageDetail.json"))).toEqual({ ImageURI: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:0123456789ab" });
      expect(JSON.parse(file("taskdef.json")).containerDefinitions[0].image).toBe("<IMAGE1_NAME>");
      expect(file("appspec.yaml")).toBe("version: 0.0\nResources: []\n");
    });

    test("a rebuilt commit: the immutable tag exists, so nothing is built or pushed", () => {
      const { calls, file } = run(true);
      expect(calls.filter((call) => call.startsWith("docker build") || call.startsWith("docker push"))).toEqual([]);
      expect(JSON.parse(file("imageDetail.json")).ImageURI).toMatch(/:0123456789ab$/);
    });
  });
});
