import type { Estate, EstateResource } from "./estate";

/** `error` fails the synth; `warning` is printed and recorded only. */
export type Severity = "error" | "warning";

/** One problem a rule found on one resource: what is wrong and how to fix it. */
export interface Finding {
  readonly what: string;
  readonly fix: string;
}

/**
 * A synth-time rule. It sees every resource or data source of its `resourceTypes`, with the
 * configuration resolved as it will be synthesized (snake_case keys; references to other
 * elements appear as `${type.name.attribute}`), and the whole stack's estate for lookups.
 */
export interface GuardrailRule {
  /** Stable ID used in messages and suppressions, e.g. `LT-IMDSV2`. */
  readonly id: string;
  /** What the rule requires, one line (the README's rule table). */
  readonly checks: string;
  /** Why, one line. */
  readonly rationale: string;
  /** The checkov / trivy / Security Hub controls it mirrors, or why none does. */
  readonly mirrors: string;
  /**
   * What the rule takes unset arguments to be (the value AWS applies), one line for the README;
   * the rule's docstring gives the source. Absent when the rule judges no optional argument.
   */
  readonly assumes?: string;
  /** What a violation is unless the stack's Guardrails say otherwise. */
  readonly severity: Severity;
  readonly resourceTypes: readonly string[];
  check(resource: EstateResource, estate: Estate): Finding[];
}

/** Shorthand for rules: one finding. */
export function finding(what: string, fix: string): Finding {
  return { what, fix };
}

/** Terraform JSON booleans arrive as booleans or as "true"/"false" strings. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

export function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

/** A nested block is synthesized as an object or as a list of objects; always a list here. */
export function blocks(value: unknown): Record<string, any>[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((item) => item !== null && typeof item === "object");
}

/** A literal list of strings, or undefined when the value is a Terraform expression (a token). */
export function literalList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

/** How many entries a list argument has; a computed list (one expression) counts as one. */
export function entryCount(value: unknown): number {
  return literalList(value)?.length ?? (value ? 1 : 0);
}

/** True when a string is wholly or partly a Terraform expression. */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && value.includes("${");
}
