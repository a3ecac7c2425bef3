import { spawnSync } from "child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { join } from "path";
import YAML from "yaml";

const BUNDLE = join(__dirname, "..", "..", "hooks-bundle");
const appspec = YAML.parse(readFileSync(join(BUNDLE, "appspec.yml"), "utf8"));
const buildspec = YAML.parse(readFileSync(join(BUNDLE, "buildspec.yml"), "utf8"));

/** Lifecycle events an EC2/On-Premises appspec may attach scripts to (the others are reserved). */
const SCRIPTABLE_EVENTS = [
  "ApplicationStop",
  "BeforeInstall",
  "AfterInstall",
  "ApplicationStart",
  "ValidateService",
  "BeforeBlockTraffic",
  "AfterBlockTraffic",
  "BeforeAllowTraffic",
  "AfterAllowTraffic",
];
const MAX_HOOK_TIMEOUT_SECONDS = 3600;

const hookEntries = Object.entries<any[]>(appspec.hooks).flatMap(([event, entries]) => entries.map((entry) => ({ event, ...entry })));

describe("appspec.yml", () => {
  test("is an EC2/On-Premises appspec for Linux that installs the app into the web root", () => {
    expect(appspec.version).toBe(0.0);
    expect(appspec.os).toBe("linux");
    expect(appspec.files).toEqual([{ source: "app", destination: "/var/www/html" }]);
    expect(statSync(join(BUNDLE, "app")).isDirectory()).toBe(true);
    expect(appspec.file_exists_behavior).toBe("OVERWRITE");
  });

  test("hooks the five lifecycle events in order", () => {
    expect(Object.keys(appspec.hooks)).toEqual(["ApplicationStop", "BeforeInstall", "AfterInstall", "ApplicationStart", "ValidateService"]);
  });

  test.each(hookEntries.map((entry) => [entry.event, entry] as const))("%s names a real event, an executable script, a timeout and a sensible user", (event, entry) => {
    expect(SCRIPTABLE_EVENTS).toContain(event);
    const script = join(BUNDLE, entry.location);
    expect(existsSync(script)).toBe(true);
    expect(statSync(script).mode & 0o111).toBe(0o111);
    expect(readFileSync(script, "utf8")).toMatch(/^#!\/usr\/bin\/env bash\n[\s\S]*^set -euo pipefail$/m);
    expect(Number.isInteger(entry.timeout) && entry.timeout > 0 && entry.timeout <= MAX_HOOK_TIMEOUT_SECONDS).toBe(true);
    // Stopping/starting services and writing /etc need root; reading the health endpoint does not.
    expect(entry.runas).toBe(event === "ValidateService" ? "ec2-user" : "root");
  });

  test("the hooks' timeouts fit CodeDeploy's one-hour limit in total", () => {
    const total = hookEntries.reduce((sum, entry) => sum + entry.timeout, 0);
    expect(total).toBeLessThanOrEqual(MAX_HOOK_TIMEOUT_SECONDS);
  });

  test("ValidateService's worst case (attempts × backoff) stays well inside its timeout", () => {
    const settings = Object.fromEntries(
      readFileSync(join(BUNDLE, "config", "hooks.env"), "utf8")
        .split("\n")
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => line.split("=")),
    );
    const attempts = Number(settings.VALIDATE_ATTEMPTS);
    const cap = Number(settings.VALIDATE_MAX_DELAY);
    let worst = 0;
    for (let attempt = 1, delay = 1; attempt <= attempts; attempt++, delay = Math.min(delay * 2, cap)) {
      worst += 5; // one curl call with --max-time 5
      if (attempt < attempts) worst += delay;
    }
    const timeout = hookEntries.find((entry) => entry.event === "ValidateService")!.timeout;
    expect(worst).toBeLessThan(timeout * 0.9);
  });

  test("ships no secrets: config/hooks.env only names an SSM parameter", () => {
    const config = readFileSync(join(BUNDLE, "config", "hooks.env"), "utf8");
    expect(config).not.toMatch(/(PASSWORD|SECRET|TOKEN|KEY)\s*=/i);
    expect(config).toMatch(/^SSM_PARAMETER=$/m);
  });
});

describe("buildspec.yml", () => {
  test("is version 0.2, lints the scripts and stamps the version", () => {
    expect(buildspec.version).toBe(0.2);
    const commands = [...buildspec.phases.pre_build.commands, ...buildspec.phases.build.commands].join("\n");
    expect(commands).toContain("shellcheck -S warning scripts/*.sh scripts/lib/*.sh");
    expect(commands).toContain('bash -n "$script"');
    expect(commands).toContain("> VERSION");
  });

  test("emits the revision with appspec.yml at the root and everything the appspec references", () => {
    expect(buildspec.artifacts["base-directory"]).toBeUndefined();
    expect(buildspec.artifacts["discard-paths"]).toBe("no");
    expect(buildspec.artifacts.files).toEqual(expect.arrayContaining(["appspec.yml", "VERSION", "app/**/*", "config/**/*", "scripts/**/*"]));
  });

  test("the sample app has an index page that shows the version and a health endpoint that names its deployment", () => {
    expect(readFileSync(join(BUNDLE, "app", "index.html"), "utf8")).toContain('id="version">@@VERSION@@<');
    expect(readFileSync(join(BUNDLE, "app", "health"), "utf8")).toBe("ok\nversion=@@VERSION@@\ndeployment=@@DEPLOYMENT_ID@@\n");
  });
});

describe("shellcheck", () => {
  const scripts = [
    ...readdirSync(join(BUNDLE, "scripts")).filter((f) => f.endsWith(".sh")).map((f) => join(BUNDLE, "scripts", f)),
    join(BUNDLE, "scripts", "lib", "common.sh"),
    join(__dirname, "helpers.bash"),
    join(__dirname, "agent.bash"),
    join(__dirname, "plain.bash"),
    ...["codedeploy-install", "curl", "dnf", "logger", "sleep", "systemctl"].map((name) => join(__dirname, "standins", name)),
    join(__dirname, "..", "..", ".ci", "run"),
    join(__dirname, "..", "..", "scripts", "fleet-capacity.sh"),
    join(__dirname, "..", "..", "scripts", "test.sh"),
    join(__dirname, "..", "..", "scripts", "preflight.sh"),
    join(__dirname, "..", "..", "scripts", "lib", "apache.sh"),
  ];

  test("reports no finding of any severity in the bundle, the hook test harness, the scripts or CI", () => {
    const result = spawnSync("shellcheck", ["-S", "style", ...scripts], { encoding: "utf8" });
    expect(result.error).toBeUndefined();
    expect(result.stdout).toBe("");
    expect(result.status).toBe(0);
  });
});
