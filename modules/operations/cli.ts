import { parseArgs } from "util";
import type { DeploymentInfo } from "@aws-sdk/client-codedeploy";
import { ConfigError, EnvironmentConfig } from "../config";
import { AwsClients, createClients } from "./clients";
import { ACTIVE_STATUSES, describeRevision, Deployments, parseS3Revision } from "./deployments";
import { findServerEnvironment, UsageError } from "./environment";
import { explainAwsError, formatAwsFailure, isAwsError } from "./errors";
import { EXIT, ExitCode } from "./exit-codes";
import { createProgress, Progress, ProgressStream } from "./progress";
import { collectStatus, exitCodeFor, formatHistory, formatStatus } from "./report";

/**
 * The day-two commands: `npm run <command> -- <stack> [options]`. Each resolves the stack in the
 * configuration (region, names), talks to AWS with SDK v3 clients, and exits with a code from
 * EXIT. Reports go to stdout, live progress and errors to stderr.
 */
export const COMMANDS = ["deploy", "status", "history", "stop", "rollback", "continue"] as const;
export type Command = (typeof COMMANDS)[number];

export const USAGE: Record<Command, string> = {
  deploy: "deploy -- <stack> [s3://<bucket>/<key>.zip] [--description TEXT] [--no-wait] [--timeout MINUTES]",
  status: "status -- <stack> [--deployment d-XXXXXXXXX]",
  history: "history -- <stack> [--limit N]",
  stop: "stop -- <stack> [--no-wait] [--timeout MINUTES]",
  rollback: "rollback -- <stack> [--to d-XXXXXXXXX] [--no-wait] [--timeout MINUTES]",
  continue: "continue -- <stack> [--no-wait] [--timeout MINUTES]",
};

export interface CliEnvironment {
  readonly context: Record<string, unknown>;
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  /** @default createClients({ region }) */
  readonly clients?: (region: string) => AwsClients;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
  /** Seconds between polls while watching. @default 10 */
  readonly pollSeconds?: number;
}

const DEFAULT_TIMEOUT_MINUTES = 60;

export async function runCommand(argv: string[], env: CliEnvironment): Promise<ExitCode> {
  const [command, ...rest] = argv;
  const out = (text: string) => env.stdout.write(`${text}\n`);
  const err = (text: string) => env.stderr.write(`${text}\n`);
  if (!(COMMANDS as readonly string[]).includes(command)) {
    err(`usage: npm run <command> -- <stack> …; commands:\n${COMMANDS.map((c) => `  npm run ${USAGE[c]}`).join("\n")}`);
    return EXIT.USAGE;
  }
  const name = command as Command;
  if (rest.includes("--help") || rest.includes("-h")) {
    out(`usage: npm run ${USAGE[name]}`);
    return EXIT.OK;
  }
  let environment: EnvironmentConfig | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        "no-wait": { type: "boolean" },
        timeout: { type: "string" },
        description: { type: "string" },
        deployment: { type: "string" },
        limit: { type: "string" },
        to: { type: "string" },
      },
    });
    const [stack, ...extra] = positionals;
    if (!stack) throw new UsageError(`missing the stack\nusage: npm run ${USAGE[name]}`);
    if (extra.length > (name === "deploy" ? 1 : 0)) throw new UsageError(`unexpected argument "${extra[extra.length - 1]}"\nusage: npm run ${USAGE[name]}`);
    environment = findServerEnvironment(env.context, stack);
    const clients = (env.clients ?? ((region) => createClients({ region })))(environment.region);
    const ctx: Context = {
      env,
      out,
      err,
      stack,
      clients,
      deployments: new Deployments(clients, environment.names),
      environment,
      wait: !values["no-wait"],
      timeoutMs: wholeNumber(values.timeout ?? String(DEFAULT_TIMEOUT_MINUTES), "--timeout") * 60_000,
    };
    switch (name) {
      case "deploy":
        return await deploy(ctx, extra[0], values.description);
      case "status":
        return await status(ctx, values.deployment);
      case "history":
        return await history(ctx, values.limit ? wholeNumber(values.limit, "--limit") : 10);
      case "stop":
        return await stop(ctx);
      case "rollback":
        return await rollback(ctx, values.to);
      case "continue":
        return await switchTraffic(ctx);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`${name}: ${(error as Error).message}`);
      return EXIT.USAGE;
    }
    if (environment && isAwsError(error)) {
      err(formatAwsFailure(explainAwsError(error, { region: environment.region, stack: environment.names.stem })));
      return EXIT.AWS_ERROR;
    }
    throw error;
  }
}

interface Context {
  readonly env: CliEnvironment;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly stack: string;
  readonly clients: AwsClients;
  readonly deployments: Deployments;
  readonly environment: EnvironmentConfig;
  readonly wait: boolean;
  readonly timeoutMs: number;
}

async function deploy(ctx: Context, s3Url: string | undefined, description: string | undefined): Promise<ExitCode> {
  let revision;
  if (s3Url) {
    try {
      revision = parseS3Revision(s3Url);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  } else {
    const build = await ctx.deployments.latestBuild();
    if (!build) {
      ctx.err(`deploy: no successful build in pipeline ${ctx.environment.names.pipeline}; push a commit, or pass s3://<bucket>/<key>.zip`);
      return EXIT.NOTHING_TO_ACT_ON;
    }
    revision = build.revision;
    ctx.err(`latest build: ${describeRevision(revision)} (pipeline execution ${build.pipelineExecutionId ?? "?"})`);
  }
  const id = await ctx.deployments.create(revision, description ?? `npm run deploy: ${describeRevision(revision)}`);
  ctx.out(`${id} created: ${describeRevision(revision)} → ${ctx.environment.names.deploymentGroup} (${ctx.clients.region})`);
  return follow(ctx, id, { stopAtReady: true });
}

async function status(ctx: Context, deploymentId: string | undefined): Promise<ExitCode> {
  const deployment = deploymentId ? await ctx.deployments.get(deploymentId) : await ctx.deployments.current();
  if (!deployment) {
    ctx.err(`status: ${ctx.stack} has no deployments yet (npm run deploy -- ${ctx.stack})`);
    return EXIT.NOTHING_TO_ACT_ON;
  }
  ctx.out(formatStatus(await collectStatus(ctx.clients, ctx.environment.names, ctx.deployments, deployment), ctx.stack));
  return exitCodeFor(deployment);
}

async function history(ctx: Context, limit: number): Promise<ExitCode> {
  const infos = await ctx.deployments.recent(limit);
  if (infos.length === 0) {
    ctx.err(`history: ${ctx.stack} has no deployments yet`);
    return EXIT.NOTHING_TO_ACT_ON;
  }
  ctx.out(formatHistory(infos));
  return EXIT.OK;
}

async function stop(ctx: Context): Promise<ExitCode> {
  const running = await ctx.deployments.running();
  if (!running) {
    ctx.err(`stop: no deployment of ${ctx.stack} is running`);
    return EXIT.NOTHING_TO_ACT_ON;
  }
  const result = await ctx.deployments.stopWithRollback(running.deploymentId!);
  ctx.out(`${running.deploymentId} stop requested (with rollback): ${result.status ?? "?"}${result.statusMessage ? ` — ${result.statusMessage}` : ""}`);
  if (!ctx.wait) return EXIT.OK;
  const ended = await watch(ctx, running.deploymentId!, { stopAtReady: false });
  if (ended.status === "Stopped" || ended.status === "Failed") {
    const rollbackId = ended.rollbackInfo?.rollbackDeploymentId;
    if (!rollbackId) return EXIT.OK;
    ctx.out(`${ended.deploymentId} ${ended.status}; rollback deployment ${rollbackId}`);
    return exitCodeFor(await watch(ctx, rollbackId, { stopAtReady: false }));
  }
  ctx.err(`${ended.deploymentId} ended ${ended.status} before the stop took effect; to go back: npm run rollback -- ${ctx.stack}`);
  return ended.status === "Succeeded" ? EXIT.NOTHING_TO_ACT_ON : exitCodeFor(ended);
}

async function rollback(ctx: Context, to: string | undefined): Promise<ExitCode> {
  const running = await ctx.deployments.running();
  if (running) {
    ctx.err(`rollback: ${running.deploymentId} is ${running.status}; stop it instead (npm run stop -- ${ctx.stack}), which rolls it back`);
    return EXIT.NOTHING_TO_ACT_ON;
  }
  const target = await ctx.deployments.rollbackTarget(to);
  if (!target) {
    ctx.err(to ? `rollback: ${to} did not succeed or has no revision` : `rollback: ${ctx.stack} has no earlier successful revision to go back to`);
    return EXIT.NOTHING_TO_ACT_ON;
  }
  const revision = describeRevision(target.revision);
  const id = await ctx.deployments.create(target.revision, `npm run rollback: ${revision} of ${target.from.deploymentId}`);
  ctx.out(`${id} created: rollback to ${revision} (last deployed by ${target.from.deploymentId})`);
  return follow(ctx, id, { stopAtReady: true });
}

async function switchTraffic(ctx: Context): Promise<ExitCode> {
  const running = await ctx.deployments.running();
  if (!running || running.status !== "Ready") {
    ctx.err(
      running
        ? `continue: ${running.deploymentId} is ${running.status}, not waiting for a traffic switch`
        : `continue: no deployment of ${ctx.stack} is waiting for a traffic switch`,
    );
    return EXIT.NOTHING_TO_ACT_ON;
  }
  await ctx.deployments.switchTraffic(running.deploymentId!);
  ctx.out(`${running.deploymentId} traffic switch started (ContinueDeployment READY_WAIT)`);
  return follow(ctx, running.deploymentId!, { stopAtReady: false });
}

/** Watches a deployment to its end (unless --no-wait); on failure prints the full status with diagnostics. */
async function follow(ctx: Context, deploymentId: string, options: { stopAtReady: boolean }): Promise<ExitCode> {
  if (!ctx.wait) return EXIT.OK;
  const ended = await watch(ctx, deploymentId, options);
  if (ended.status === "Failed" || ended.status === "Stopped") {
    ctx.out(formatStatus(await collectStatus(ctx.clients, ctx.environment.names, ctx.deployments, ended), ctx.stack));
  }
  if (ended.status === "Ready") ctx.err(`traffic switch waits for you: npm run continue -- ${ctx.stack}`);
  return exitCodeFor(ended);
}

async function watch(ctx: Context, deploymentId: string, options: { stopAtReady: boolean }): Promise<DeploymentInfo> {
  const now = ctx.env.now ?? (() => new Date());
  const sleep = ctx.env.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const progress: Progress = createProgress(ctx.env.stderr, { now });
  const started = now().getTime();
  for (;;) {
    const info = await ctx.deployments.get(deploymentId);
    const line = progressLine(info);
    const active = (ACTIVE_STATUSES as string[]).includes(info.status ?? "");
    if (!active) {
      progress.finish(line, info.status === "Succeeded" ? "ok" : "failed");
      return info;
    }
    if (info.status === "Ready" && options.stopAtReady) {
      progress.finish(line, "waiting");
      return info;
    }
    if (now().getTime() - started >= ctx.timeoutMs) {
      progress.finish(`${line} — still running after ${ctx.timeoutMs / 60_000} min; watch on with npm run status -- ${ctx.stack}`, "waiting");
      return info;
    }
    progress.update(line);
    await sleep((ctx.env.pollSeconds ?? 10) * 1000);
  }
}

function progressLine(info: DeploymentInfo): string {
  const overview = info.deploymentOverview ?? {};
  const counts = Object.entries(overview)
    .filter(([, n]) => n)
    .map(([state, n]) => `${n} ${state}`)
    .join(", ");
  const message = info.errorInformation?.message ?? info.deploymentStatusMessages?.[info.deploymentStatusMessages.length - 1];
  return `${info.deploymentId} ${info.status}${counts ? ` — instances: ${counts}` : ""}${message ? ` — ${message}` : ""}`;
}

function wholeNumber(value: string, option: string): number {
  if (!/^[1-9][0-9]*$/.test(value)) throw new UsageError(`${option} must be a whole number ≥ 1, got "${value}"`);
  return Number(value);
}
