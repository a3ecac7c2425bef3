import { readFileSync } from "fs";
import { basename } from "path";
import { ConfigError } from "./problems";

/**
 * The `context` of a cdktf.json file. A file that is not valid JSON fails with its name, line and
 * column (`cdktf.json:3:17: …`) instead of a parser stack trace.
 * @throws ConfigError when the file is not valid JSON or its context is not an object
 */
export function readContextFile(file: string): Record<string, unknown> {
  const text = readFileSync(file, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${basename(file)}:${jsonErrorLocation(text, (error as Error).message)}: not valid JSON — ${jsonErrorReason((error as Error).message)}`]);
  }
  const context = (json as { context?: unknown } | null)?.context ?? {};
  if (context === null || typeof context !== "object" || Array.isArray(context)) {
    throw new ConfigError([`${basename(file)}: context: ${JSON.stringify(context)} — must be an object of settings`]);
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
