import { z } from "zod";
import { closest, nearest } from "../shared/suggest";

/**
 * How configuration problems read: one line each, `<key path>: <value> — <rule>`, all of them
 * in one error.
 */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` + problems.map((p) => `  - ${p}`).join("\n"));
    this.name = "ConfigError";
  }
}

/** The keys a schema accepts at a path of the context, for did-you-mean hints. */
export type KnownKeys = (path: PropertyKey[]) => string[];

export function formatIssues(issues: z.core.$ZodIssue[], input: unknown, knownKeysAt: KnownKeys): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(issue.path);
      for (const key of issue.keys) lines.push(describeUnknownKey(issue.path, key, known));
      continue;
    }
    if (issue.code === "invalid_key") {
      // A record key (environment name) broke its rule; report the key itself.
      const key = String(issue.path[issue.path.length - 1]);
      const message = issue.issues[0]?.message ?? issue.message;
      lines.push(`${formatPath(issue.path)}: "${key}" — ${message}`);
      continue;
    }
    lines.push(`${formatPath(issue.path)}: ${formatValue(valueAt(input, issue.path))} — ${issue.message}`);
  }
  return lines;
}

/**
 * `<path>: (unknown key) — not a setting; did you mean "<key>"?` for a plausible typo, else the
 * few known keys nearest to it. A key that extends a known one (`instanceTypes`) asks for a
 * different setting, not a misspelt one: no "did you mean" then.
 */
export function describeUnknownKey(path: PropertyKey[], key: string, known: string[]): string {
  const suggestion = closest(key, known);
  const extendsKnown = suggestion !== undefined && key.length > suggestion.length && key.toLowerCase().startsWith(suggestion.toLowerCase());
  const hint = suggestion && !extendsKnown ? `did you mean "${suggestion}"?` : `nearest keys: ${nearest(key, known, 3).join(", ")}`;
  return `${formatPath([...path, key])}: (unknown key) — not a setting; ${hint}`;
}

function formatPath(path: PropertyKey[]): string {
  return path.length === 0 ? "(context)" : path.map(String).join(".");
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.hasOwn(current, segment)) return undefined; // never a prototype's member
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

export function formatValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
