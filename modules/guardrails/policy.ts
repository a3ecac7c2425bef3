import { Estate } from "./estate";
import { blocks } from "./rule";

/** One IAM policy statement, normalized from a policy document data source or from JSON. */
export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  /** Actions, or the excluded actions when `notAction` is set. */
  readonly actions: string[];
  readonly notAction: boolean;
  readonly resources: string[];
  readonly notResource: boolean;
  /** `{ type: "Service", identifiers: [...] }`; `*` alone is `{ type: "*", identifiers: ["*"] }`. */
  readonly principals: { type: string; identifiers: string[] }[];
  readonly notPrincipal: boolean;
  readonly conditions: { test: string; variable: string; values: string[] }[];
}

/** The statements of a policy, or why they cannot be read at synth time. */
export type PolicyContents = { readonly statements: PolicyStatement[] } | { readonly opaque: string };

const list = (value: unknown): string[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

function fromDocumentDataSource(config: Record<string, any>, estate: Estate, seen: Set<string>): PolicyContents {
  const statements: PolicyStatement[] = [];
  for (const key of ["source_policy_documents", "override_policy_documents"]) {
    for (const source of list(config[key])) {
      const contents = policyContents(source, estate, seen);
      if ("opaque" in contents) return contents;
      statements.push(...contents.statements);
    }
  }
  if (typeof config.statement === "string") return { opaque: "its statements are computed (a dynamic block)" };
  for (const statement of blocks(config.statement)) {
    for (const key of ["actions", "not_actions"]) {
      if (typeof statement[key] === "string") return { opaque: `the ${key} of ${statement.sid ? `statement ${statement.sid}` : "a statement"} are computed (${statement[key]})` };
    }
    const principals = blocks(statement.principals).map((p) => ({ type: String(p.type), identifiers: list(p.identifiers) }));
    const notPrincipals = blocks(statement.not_principals).map((p) => ({ type: String(p.type), identifiers: list(p.identifiers) }));
    statements.push({
      sid: statement.sid,
      effect: statement.effect === "Deny" ? "Deny" : "Allow",
      actions: statement.not_actions ? list(statement.not_actions) : list(statement.actions),
      notAction: statement.not_actions !== undefined,
      resources: statement.not_resources ? list(statement.not_resources) : list(statement.resources),
      notResource: statement.not_resources !== undefined,
      principals: notPrincipals.length > 0 ? notPrincipals : principals,
      notPrincipal: notPrincipals.length > 0,
      conditions: blocks(statement.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: list(c.values) })),
    });
  }
  return { statements };
}

function principalsFromJson(value: unknown): { type: string; identifiers: string[] }[] {
  if (value === undefined) return [];
  if (value === "*") return [{ type: "*", identifiers: ["*"] }];
  return Object.entries(value as Record<string, unknown>).map(([type, identifiers]) => ({ type, identifiers: list(identifiers) }));
}

function fromJson(document: any): PolicyContents {
  const raw = document?.Statement;
  const statements = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return {
    statements: statements.map((s: any) => ({
      sid: s.Sid,
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      actions: list(s.NotAction ?? s.Action),
      notAction: s.NotAction !== undefined,
      resources: list(s.NotResource ?? s.Resource),
      notResource: s.NotResource !== undefined,
      principals: principalsFromJson(s.NotPrincipal ?? s.Principal),
      notPrincipal: s.NotPrincipal !== undefined,
      conditions: Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([test, variables]) =>
        Object.entries(variables).map(([variable, values]) => ({ test, variable, values: list(values) })),
      ),
    })),
  };
}

/**
 * Reads a policy attribute: a reference to a `data.aws_iam_policy_document` of the stack (its
 * statements, and the documents it merges), or literal JSON. Anything else (a `jsonencode(...)`
 * expression, a variable, a file read at plan time) is opaque: rules cannot vouch for it.
 */
export function policyContents(value: unknown, estate: Estate, seen = new Set<string>()): PolicyContents {
  const target = estate.target(value);
  if (target?.type === "aws_iam_policy_document" && target.kind === "data") {
    if (seen.has(target.address)) return { opaque: `${target.address} includes itself` };
    seen.add(target.address);
    return fromDocumentDataSource(target.config, estate, seen);
  }
  if (typeof value === "string" && value.trimStart().startsWith("{")) {
    try {
      return fromJson(JSON.parse(value));
    } catch {
      return { opaque: "the policy is not valid JSON" };
    }
  }
  if (value !== null && typeof value === "object") return fromJson(value);
  return { opaque: `the policy ${JSON.stringify(value)} is computed at plan time` };
}

/** Whether an IAM action pattern (`s3:Get*`, `*`) grants `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return regex.test(action);
}

/** The identity-policy attributes of IAM resources (what the principal may do). */
export function identityPolicies(resource: { type: string; config: Record<string, any> }): unknown[] {
  if (resource.type === "aws_iam_role") return blocks(resource.config.inline_policy).map((inline) => inline.policy);
  return [resource.config.policy];
}

/** Resource types carrying identity policies. Resource policies (bucket, topic, key) are out of scope: there `*` means "this resource". */
export const IDENTITY_POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"] as const;

/** The Allow statements of every readable identity policy of a resource; opaque policies become findings of `onOpaque`. */
export function allowStatements(
  resource: { type: string; config: Record<string, any> },
  estate: Estate,
  onOpaque: (reason: string) => void,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  for (const policy of identityPolicies(resource)) {
    if (policy === undefined) continue;
    const contents = policyContents(policy, estate);
    if ("opaque" in contents) onOpaque(contents.opaque);
    else statements.push(...contents.statements.filter((statement) => statement.effect === "Allow"));
  }
  return statements;
}
