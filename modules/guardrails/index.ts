import { IConstruct } from "constructs";
import { Annotations, Aspects, IAspect, TerraformElement, TerraformStack } from "cdktf";
import { closest } from "../shared/suggest";
import { Estate } from "./estate";
import { GUARDRAIL_RULES } from "./rules";
import { ECS_GUARDRAIL_RULES } from "./rules/ecs";
import type { GuardrailRule, Severity } from "./rule";

export type { GuardrailRule, Finding, Severity } from "./rule";
export { GUARDRAIL_RULES } from "./rules";
export { ECS_GUARDRAIL_RULES } from "./rules/ecs";

/** Node metadata type under which suppressions are recorded on the construct they cover. */
const SUPPRESSION_METADATA = "codedeploy-bluegreen:guardrail-suppression";

interface SuppressionEntry {
  readonly rule: string;
  readonly reason: string;
}

/** A finding that a suppression let through, as recorded in the stack's metadata. */
export interface SuppressedFinding {
  readonly rule: string;
  readonly path: string;
  readonly what: string;
  readonly reason: string;
  /** Path of the construct the suppression was declared on (the resource or one of its scopes). */
  readonly suppressedAt: string;
}

export interface GuardrailsProps {
  /** The stack is a production environment; rules such as ALB-DELETION-PROTECTION apply. @default false */
  readonly production?: boolean;
  /**
   * Severity per rule ID where it differs from the rule's default, e.g. `{ "NAME-LENGTH": "warning" }`
   * while a team adopts a rule. Warnings are printed and counted but do not fail the synth.
   * @default every rule's own severity (all are errors)
   */
  readonly severities?: Record<string, Severity>;
  /**
   * The rules of the stack's compute platform, run after the common pack (ECS_GUARDRAIL_RULES for
   * an ECS stack). @default none
   */
  readonly platformRules?: readonly GuardrailRule[];
}

/** Every rule a stack may run, for suppressions and severities (the common pack and each platform's). */
const RULES_BY_ID = new Map([...GUARDRAIL_RULES, ...ECS_GUARDRAIL_RULES].map((rule) => [rule.id, rule]));

function unknownRuleError(where: string, ruleId: string): Error {
  const ids = [...RULES_BY_ID.keys()];
  const suggestion = closest(ruleId, ids);
  return new Error(`${where}: unknown rule ID "${ruleId}"` + (suggestion ? ` (did you mean ${suggestion}?)` : "") + `; rule IDs are ${ids.join(", ")}`);
}

/** Carries the guardrail summary into the stack's synthesized metadata (`"//".metadata.guardrails`). */
class GuardrailReport extends TerraformElement {
  public rules = 0;
  public checkedElements = 0;
  public violations = 0;
  public warnings = 0;
  public readonly suppressed: SuppressedFinding[] = [];

  public toMetadata(): Record<string, unknown> {
    return {
      guardrails: {
        rules: this.rules,
        checkedElements: this.checkedElements,
        violations: this.violations,
        warnings: this.warnings,
        suppressed: this.suppressed,
      },
    };
  }
}

/**
 * The rule pack, applied to a stack as an aspect (cdk-nag style). Each violation becomes an
 * error annotation on the offending resource, `<RULE-ID>: <what is wrong> — <how to fix>`, which
 * fails the synth; cdktf prefixes the construct path. Suppressed findings become info
 * annotations (listed by the synth) and are recorded in the stack's metadata.
 */
export class Guardrails implements IAspect {
  /** Adds the rule pack to `stack`. Call once per stack. */
  public static applyTo(stack: TerraformStack, props: GuardrailsProps = {}): Guardrails {
    const guardrails = new Guardrails(stack, props);
    Aspects.of(stack).add(guardrails);
    return guardrails;
  }

  /**
   * Accepts findings of `ruleId` on `scope` and every construct below it, for `reason`. The
   * reason is mandatory: it is printed on every synth and recorded in the synthesized metadata.
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    if (!RULES_BY_ID.has(ruleId)) throw unknownRuleError(`Guardrails.suppress at ${scope.node.path}`, ruleId);
    if (typeof reason !== "string" || reason.trim().length === 0) {
      throw new Error(`Guardrails.suppress at ${scope.node.path}: suppressing ${ruleId} needs a non-empty reason`);
    }
    const entry: SuppressionEntry = { rule: ruleId, reason: reason.trim() };
    scope.node.addMetadata(SUPPRESSION_METADATA, entry);
  }

  private readonly report: GuardrailReport;
  private readonly production: boolean;
  private readonly severities: Record<string, Severity>;
  private readonly rules: readonly GuardrailRule[];
  private evaluated = false;

  private constructor(
    private readonly stack: TerraformStack,
    props: GuardrailsProps,
  ) {
    this.production = props.production ?? false;
    for (const [ruleId, severity] of Object.entries(props.severities ?? {})) {
      if (!RULES_BY_ID.has(ruleId)) throw unknownRuleError(`Guardrails at ${stack.node.path}: severities`, ruleId);
      if (severity !== "error" && severity !== "warning") {
        throw new Error(`Guardrails at ${stack.node.path}: severities.${ruleId} is ${JSON.stringify(severity)}; it must be "error" or "warning"`);
      }
    }
    this.severities = { ...props.severities };
    this.rules = [...GUARDRAIL_RULES, ...(props.platformRules ?? [])];
    this.report = new GuardrailReport(stack, "guardrails");
  }

  public visit(node: IConstruct): void {
    // Rules need the whole stack (what a security group is attached to, which document a role
    // uses), so the pack runs once, when the aspect visits the stack itself.
    if (node !== this.stack || this.evaluated) return;
    this.evaluated = true;
    const estate = new Estate(this.stack, this.production);
    const used = new Set<SuppressionEntry>();
    this.report.rules = this.rules.length;
    this.report.checkedElements = estate.all.length;
    for (const rule of this.rules) {
      for (const resource of estate.ofType(...rule.resourceTypes)) {
        for (const { what, fix } of rule.check(resource, estate)) {
          const suppression = findSuppression(resource.construct, rule);
          if (suppression) {
            used.add(suppression.entry);
            this.report.suppressed.push({
              rule: rule.id,
              path: resource.construct.node.path,
              what,
              reason: suppression.entry.reason,
              suppressedAt: suppression.at.node.path,
            });
            Annotations.of(resource.construct).addInfo(`${rule.id} suppressed: ${what} — reason: ${suppression.entry.reason}`);
          } else if ((this.severities[rule.id] ?? rule.severity) === "warning") {
            this.report.warnings += 1;
            Annotations.of(resource.construct).addWarning(`${rule.id}: ${what} — ${fix}`);
          } else {
            this.report.violations += 1;
            Annotations.of(resource.construct).addError(`${rule.id}: ${what} — ${fix}`);
          }
        }
      }
    }
    for (const construct of this.stack.node.findAll()) {
      for (const entry of suppressionsOn(construct)) {
        if (!used.has(entry)) {
          Annotations.of(construct).addWarning(`${entry.rule} is suppressed here but nothing here violates it; remove the suppression`);
        }
      }
    }
  }
}

function suppressionsOn(construct: IConstruct): SuppressionEntry[] {
  return construct.node.metadata.filter((entry) => entry.type === SUPPRESSION_METADATA).map((entry) => entry.data as SuppressionEntry);
}

function findSuppression(construct: IConstruct, rule: GuardrailRule): { entry: SuppressionEntry; at: IConstruct } | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const entry = suppressionsOn(scope).find((candidate) => candidate.rule === rule.id);
    if (entry) return { entry, at: scope };
  }
  return undefined;
}
