import { AWS_NAME_LIMITS } from "../../shared/naming";
import { finding, Finding, GuardrailRule } from "../rule";

const NAME_LIMITS: Record<string, Record<string, number>> = AWS_NAME_LIMITS;

export const nameLength: GuardrailRule = {
  id: "NAME-LENGTH",
  checks: "Literal names fit AWS limits (ELB and target group 32, IAM role 64, bucket 63, event rule 64, ...)",
  rationale: "An over-long name passes plan and fails apply, halfway through creating the estate",
  mirrors: "none (scanners do not check lengths)",
  severity: "error",
  resourceTypes: Object.keys(NAME_LIMITS),
  check({ type, config }) {
    const findings: Finding[] = [];
    for (const [argument, limit] of Object.entries(NAME_LIMITS[type])) {
      const value = config[argument];
      if (typeof value !== "string") continue;
      // Only the literal part counts; interpolations (an account ID, say) can only make it longer.
      const literal = value.replace(/\$\{[^}]*\}/g, "");
      if (literal.length > limit) {
        findings.push(finding(`${argument} ${JSON.stringify(value)} has ${literal.length} literal characters; AWS allows ${limit}`, "shorten appName or the environment name (names are <app>-<env>-<role>)"));
      }
    }
    return findings;
  },
};
