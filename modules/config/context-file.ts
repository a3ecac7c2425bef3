import { existsSync, readFileSync } from "fs";
import { basename, join } from "path";
import { ConfigError } from "./problems";

/**
 * The environment variable in which `cdktf synth/diff/deploy` hand the app cdktf.json's context
 * (cdktf's CONTEXT_ENV; spelled here so the day-two commands need not load cdktf).
 */
export const CONTEXT_ENV = "CDKTF_CONTEXT_JSON";

/**
 * The context the app and the day-two commands configure themselves from: the one the cdktf CLI
 * hands over in CDKTF_CONTEXT_JSON, else `<dir>/cdktf.json`'s (run directly: `node scripts/app.js`,
 * `npm run deploy`), else none. `fromEnvironment` tells which, since cdktf's App reads the
 * variable itself.
 * @throws ConfigError when cdktf.json or the variable is not valid JSON, or the context is not an object
 */
export function readAppContext(dir: string = process.cwd()): { context: Record<string, unknown>; fromEnvironment: boolean } {
  const fromEnvironment = process.env[CONTEXT_ENV];
  if (fromEnvironment) return { context: parseContext(CONTEXT_ENV, fromEnvironment, (json) => json), fromEnvironment: true };
  const file = join(dir, "cdktf.json");
  return { context: existsSync(file) ? readContextFile(file) : {}, fromEnvironment: false };
}

/**
 * The `context` of a cdktf.json file. A file that is not valid JSON fails with its name, line and
 * column (`cdktf.json:3:17: …`) instead of a parser stack trace.
 * @throws ConfigError when the file is not valid JSON or its context is not an object
 */
export function readContextFile(file: string): Record<string, unknown> {
  return parseContext(basename(file), readFileSync(file, "utf8"), (json) => (json as { context?: unknown } | null)?.context ?? {});
}

/** The context in `text` (named `source` in problems), picked out of the parsed JSON by `pick`. */
function parseContext(source: string, text: string, pick: (json: unknown) => unknown): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${source}:${jsonErrorLocation(text, (error as Error).message)}: not valid JSON — ${jsonErrorReason((error as Error).message)}`]);
  }
  const context = pick(json);
  if (context === null || typeof context !== "object" || Array.isArray(context)) {
    throw new ConfigError([`${source}: context: ${JSON.stringify(context)} — must be an object of settings`]);
  }
  return context as Record<string, unknown>;
}

/** `line:column` (1-based) of a JSON.parse error: V8 names a character position, or the end of the input. */
function jsonErrorLocation(text: string, message: string): string {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn) return `${lineColumn[1]}:${lineColumn[2]}`;
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

function jsonErrorReason(message: string): string {
  return message.replace(/\s*(?:in JSON )?at position \d+(?: \(line \d+ column \d+\))?$/, "").replace(/^Unexpected end of JSON input$/, "the file ends early");
}
