import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { parseArgs } from "util";
import { ConfigError, resolveConfig } from "../config";
import { findServerEnvironment, UsageError } from "./environment";
import { EXIT, ExitCode } from "./exit-codes";
import { computeTimeline, formatSeconds, formatTimeline, Timeline, timelineInputs } from "./timeline";
import { renderTimelineSvg } from "./timeline-svg";

/** Paths, relative to the project root, of what `timeline --write-docs` generates. */
export const TIMELINE_PICTURE = join("docs", "deployment-timeline.svg");
export const README_MARKERS = ["<!-- timeline:start (npm run timeline:docs) -->", "<!-- timeline:end -->"] as const;
const APPSPEC = join("hooks-bundle", "appspec.yml");

export const TIMELINE_USAGE = "timeline -- <stack> [--json] | timeline:docs";

/** The timelines of the default environments (no context): what the README shows. */
export function defaultTimelines(root: string): Timeline[] {
  const appspec = readFileSync(join(root, APPSPEC), "utf8");
  return resolveConfig({}).environments.map((env) => computeTimeline(timelineInputs(env, appspec)));
}

/** The README's table of the default environments' figures. */
export function timelineReadmeTable(timelines: Timeline[]): string {
  const rows = timelines.map((t) =>
    [
      `\`${t.stack}\``,
      `${t.instances}, ${t.deploymentConfig.replace("CodeDeployDefault.", "")}: ${t.batches} × ${t.batchSize}`,
      formatSeconds(t.toTrafficSwitched.fastest),
      formatSeconds(t.toTrafficSwitched.bound),
      `${formatSeconds(t.rollbackWindow)} (back in ≤ ${formatSeconds(t.rollbackDuration.bound)})`,
      formatSeconds(t.complete.fastest),
      formatSeconds(t.complete.bound),
    ].join(" | "),
  );
  return [
    "| stack | instances, config: batches | traffic switched, fastest | traffic switched, timeout-bound | rollback window | blue terminated, fastest | blue terminated, timeout-bound |",
    "|---|---|---:|---:|---|---:|---:|",
    ...rows.map((row) => `| ${row} |`),
  ].join("\n");
}

export function replaceReadmeBlock(readme: string, table: string): string {
  const [start, end] = README_MARKERS;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${end}`);
  return `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`;
}

export function runTimeline(
  argv: string[],
  env: { context: Record<string, unknown>; root: string; stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } },
): ExitCode {
  // As the other commands (cli.ts): --help anywhere after the command prints its usage.
  if (argv.includes("--help") || argv.includes("-h")) {
    env.stdout.write(`usage: npm run ${TIMELINE_USAGE}\n`);
    return EXIT.OK;
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: "boolean" }, "write-docs": { type: "boolean" } } });
    if (values["write-docs"]) {
      const timelines = defaultTimelines(env.root);
      const picture = join(env.root, TIMELINE_PICTURE);
      mkdirSync(dirname(picture), { recursive: true });
      writeFileSync(picture, renderTimelineSvg(timelines));
      const readme = join(env.root, "README.md");
      writeFileSync(readme, replaceReadmeBlock(readFileSync(readme, "utf8"), timelineReadmeTable(timelines)));
      env.stdout.write(`wrote ${TIMELINE_PICTURE} and the README table\n`);
      return EXIT.OK;
    }
    if (positionals.length !== 1) throw new UsageError(`usage: npm run ${TIMELINE_USAGE}`);
    const environment = findServerEnvironment(env.context, positionals[0]);
    const timeline = computeTimeline(timelineInputs(environment, readFileSync(join(env.root, APPSPEC), "utf8")));
    env.stdout.write(`${values.json ? JSON.stringify(timeline, null, 2) : formatTimeline(timeline)}\n`);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      env.stderr.write(`timeline: ${(error as Error).message}\n`);
      return EXIT.USAGE;
    }
    throw error;
  }
}
