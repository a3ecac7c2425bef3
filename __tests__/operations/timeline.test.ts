import { readFileSync } from "fs";
import { join } from "path";
import { resolveConfig } from "../../modules/config";
import { renderUserData } from "../../modules/fleet/user-data";
import { EXIT } from "../../modules/operations/exit-codes";
import { batchSize, computeTimeline, formatTimeline, hookTimeouts, retrySleepBudget, timelineInputs } from "../../modules/operations/timeline";
import {
  defaultTimelines,
  README_MARKERS,
  runTimeline,
  TIMELINE_PICTURE,
  timelineReadmeTable,
} from "../../modules/operations/timeline-cli";
import { renderTimelineSvg } from "../../modules/operations/timeline-svg";

const ROOT = join(__dirname, "..", "..");
const APPSPEC = readFileSync(join(ROOT, "hooks-bundle", "appspec.yml"), "utf8");
const timelineOf = (context: Record<string, unknown>, name: string) =>
  computeTimeline(timelineInputs(resolveConfig(context).environments.find((env) => env.name === name)!, APPSPEC));

describe("deployment timeline", () => {
  test("default environments: exact fastest and timeout-bound figures, rollback windows", () => {
    const figures = defaultTimelines(ROOT).map((t) => ({
      stack: t.stack,
      batches: `${t.batches}x${t.batchSize}`,
      switched: [t.toTrafficSwitched.fastest, t.toTrafficSwitched.bound],
      rollbackWindow: t.rollbackWindow,
      rollbackDuration: [t.rollbackDuration.fastest, t.rollbackDuration.bound],
      complete: [t.complete.fastest, t.complete.bound],
    }));
    expect(figures).toEqual([
      // 60 provision + 60 bootstrap + 2 agent | 300 + (240 + 340) + 60 + 600 + 180 + 120 + 180 + 15 + 30
      { stack: "webapp-dev", batches: "1x1", switched: [122, 2065], rollbackWindow: 300, rollbackDuration: [0, 45], complete: [422, 2365] },
      { stack: "webapp-staging", batches: "1x2", switched: [122, 2065], rollbackWindow: 1800, rollbackDuration: [0, 45], complete: [1922, 3865] },
      // three batches of one: agent steps, hooks, health checks and deregistration three times
      { stack: "webapp-prod", batches: "3x1", switched: [126, 4435], rollbackWindow: 7200, rollbackDuration: [0, 45], complete: [7326, 11635] },
    ]);
  });

  test("each phase in order with its figure and who sets it (prod)", () => {
    const prod = defaultTimelines(ROOT)[2];
    expect(prod.phases.map((p) => [p.id, p.fastest, p.bound, p.controlledBy])).toEqual([
      ["provision", 60, 300, "AWS (estimate)"],
      ["bootstrap", 60, 580, "user data"],
      ["ApplicationStop", 0, 0, "appspec.yml"],
      ["agent", 6, 180, "AWS (estimate)"],
      ["BeforeInstall", 0, 1800, "appspec.yml"],
      ["AfterInstall", 0, 540, "appspec.yml"],
      ["ApplicationStart", 0, 360, "appspec.yml"],
      ["ValidateService", 0, 540, "appspec.yml"],
      ["reroute", 0, 0, "appspec.yml"],
      ["health", 0, 45, "AWS"],
      ["deregistration", 0, 90, "configuration"],
      ["termination-wait", 7200, 7200, "configuration"],
    ]);
    for (const phase of prod.phases) expect(phase.source.length).toBeGreaterThan(10);
  });

  test("the figures follow the settings: deregistration delay, termination wait, capacity, deployment config", () => {
    const base = timelineOf({}, "dev");
    const changed = timelineOf(
      { environments: { dev: { deregistrationDelaySeconds: 120, terminationWaitMinutes: 60, minSize: 4, maxSize: 4, desiredCapacity: 4, deploymentConfig: "CodeDeployDefault.OneAtATime" } } },
      "dev",
    );
    expect(changed.batches).toBe(4);
    expect(changed.rollbackWindow).toBe(3600);
    expect(changed.rollbackDuration.bound).toBe(15 + 120);
    // per batch: 60 agent + 1080 hooks + 15 health + 120 deregistration; once: 300 provision + 580 bootstrap
    expect(changed.toTrafficSwitched.bound).toBe(880 + 4 * (60 + 1080 + 15 + 120));
    expect(base.toTrafficSwitched.bound).toBe(880 + 60 + 1080 + 15 + 30);
  });

  test("a manual traffic switch adds its wait to the timeout bound, once, and nothing to the fastest path", () => {
    const base = timelineOf({}, "dev");
    const waiting = timelineOf({ environments: { dev: { trafficSwitchWaitMinutes: 45 } } }, "dev");
    expect(waiting.phases.find((phase) => phase.id === "ready-wait")).toMatchObject({ fastest: 0, bound: 2700, controlledBy: "configuration" });
    expect(base.phases.some((phase) => phase.id === "ready-wait")).toBe(false);
    expect(waiting.toTrafficSwitched.bound - base.toTrafficSwitched.bound).toBe(2700);
    expect(waiting.toTrafficSwitched.fastest).toBe(base.toTrafficSwitched.fastest);
  });

  test.each([
    [9, { minimumHealthyHostsPercent: 40 }, 5], // AWS's example: FLEET_PERCENT 40 of nine deploys to five at a time
    [3, "CodeDeployDefault.HalfAtATime", 1],
    [4, "CodeDeployDefault.HalfAtATime", 2],
    [1, "CodeDeployDefault.HalfAtATime", 1],
    [5, "CodeDeployDefault.OneAtATime", 1],
    [5, "CodeDeployDefault.AllAtOnce", 5],
    [4, { minimumHealthyHostsPercent: 0 }, 4],
    [4, { minimumHealthyHostsPercent: 99 }, 1],
    [5, { minimumHealthyHostsCount: 2 }, 3], // HOST_COUNT: what the healthy count leaves
    [3, { minimumHealthyHostsCount: 2 }, 1],
  ] as const)("%i instances with %j: batches of %i", (instances, config, size) => {
    expect(batchSize(instances, config)).toBe(size);
  });

  test("hook timeouts come from appspec.yml, a traffic hook adds to the bound", () => {
    expect(hookTimeouts(APPSPEC)).toEqual({ ApplicationStop: 120, BeforeInstall: 600, AfterInstall: 180, ApplicationStart: 120, ValidateService: 180 });
    const withHook = `${APPSPEC}  AfterAllowTraffic:\n    - location: scripts/smoke.sh\n      timeout: 300\n    - location: scripts/notify.sh\n`;
    expect(hookTimeouts(withHook).AfterAllowTraffic).toBe(300 + 3600);
    const env = resolveConfig({}).environments[0];
    expect(computeTimeline(timelineInputs(env, withHook)).toTrafficSwitched.bound - computeTimeline(timelineInputs(env, APPSPEC)).toTrafficSwitched.bound).toBe(3900);
  });

  test("the boot script's retry budget is read from the script: 5 s × (1 + … + n-1) per retried step", () => {
    const userData = renderUserData({ appPort: 80, healthCheckPath: "/health", appName: "webapp", environment: "dev", parameterPath: "/webapp/dev/" });
    // retry 10 (IMDS), 5 (dnf), 5 (agent download), 3 (installer): 225 + 50 + 50 + 15
    expect(retrySleepBudget(userData)).toBe(340);
    expect(retrySleepBudget(userData.replace(`retry 3 "$installer"`, `retry 4 "$installer"`))).toBe(340 - 15 + 30);
    expect(() => retrySleepBudget(userData.replace(/sleep \$\(\( n \* 5 \)\)/, "sleep 5"))).toThrow(/no longer backs off/);
  });

  test("npm run timeline -- <stack> prints the phases, totals and sources; an unknown stack exits 2", () => {
    let stdout = "";
    let stderr = "";
    const io = { context: {}, root: ROOT, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    expect(runTimeline(["webapp-prod"], io)).toBe(EXIT.OK);
    expect(stdout).toBe(`${formatTimeline(defaultTimelines(ROOT)[2])}\n`);
    expect(stdout).toContain("webapp-prod: 3 instances, CodeDeployDefault.HalfAtATime: 3 batches of 1");
    expect(stdout).toContain("traffic on the replacement fleet after  2m06s fastest, 1h13m55s timeout-bound");
    expect(stdout).toMatch(/^BlockTraffic: deregistration delay \(×3\)\s+0s\s+1m30s\s+configuration$/m);
    expect(runTimeline(["webapp-qa"], io)).toBe(EXIT.USAGE);
    expect(stderr).toContain('unknown stack "webapp-qa"');
  });

  test("npm run timeline -- --help prints the usage to stdout and exits 0, as the other commands do", () => {
    for (const argv of [["--help"], ["webapp-prod", "--help"], ["-h"]]) {
      let stdout = "";
      let stderr = "";
      const io = { context: {}, root: ROOT, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
      expect(runTimeline(argv, io)).toBe(EXIT.OK);
      expect(stdout).toBe("usage: npm run timeline -- <stack> [--json] | timeline:docs\n");
      expect(stderr).toBe("");
    }
  });

  test("the README's table and picture are the current computation (npm run timeline:docs)", () => {
    const timelines = defaultTimelines(ROOT);
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const [start, end] = README_MARKERS;
    expect(readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end)).trim()).toBe(timelineReadmeTable(timelines));
    expect(readme).toContain(`](${TIMELINE_PICTURE})`);
    expect(readFileSync(join(ROOT, TIMELINE_PICTURE), "utf8")).toBe(renderTimelineSvg(timelines));
  });

  test("the picture draws every environment's fastest and timeout-bound totals", () => {
    const svg = renderTimelineSvg(defaultTimelines(ROOT));
    for (const label of ["webapp-dev", "webapp-staging", "webapp-prod", "2m02s", "34m25s", "1h13m55s", "+ 2h00m00s wait", "= 3h13m55s"]) {
      expect(svg).toContain(`>${label}<`);
    }
    expect(svg.match(/<rect /g)!.length).toBeGreaterThan(30);
  });
});
