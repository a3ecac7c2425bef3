import { finding, GuardrailRule } from "../rule";
import { LISTENER_TYPES } from "../resources";

/** Policies that negotiate TLS 1.2 or newer only (TLS13-1-1, TLS13-1-0 and FS-1-1 still accept older versions). */
const TLS12_OR_NEWER = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)(-|$)/;

/** Defaults assumed: ssl_policy unset = ELBSecurityPolicy-2016-08, the API's default for HTTPS/TLS listeners (it accepts TLS 1.0 and 1.1) — source: ELB API CreateListener / Terraform aws_lb_listener ssl_policy; the console's default differs. */
export const albTlsPolicy: GuardrailRule = {
  id: "ALB-TLS-POLICY",
  checks: "HTTPS and TLS listeners use a security policy that allows TLS 1.2 or newer only",
  rationale: "TLS 1.0/1.1 are deprecated; the listener default (ELBSecurityPolicy-2016-08) still accepts them",
  mirrors: "checkov CKV_AWS_103, trivy AVD-AWS-0047, Security Hub ELB.17",
  assumes: "ssl_policy unset = ELBSecurityPolicy-2016-08, the API's default for HTTPS/TLS listeners (it accepts TLS 1.0 and 1.1)",
  severity: "error",
  resourceTypes: LISTENER_TYPES,
  check({ config }) {
    if (config.protocol !== "HTTPS" && config.protocol !== "TLS") return [];
    const policy = config.ssl_policy;
    if (typeof policy === "string" && TLS12_OR_NEWER.test(policy)) return [];
    return [
      finding(
        `the ${config.protocol} listener uses ${policy === undefined ? "the default policy ELBSecurityPolicy-2016-08" : JSON.stringify(policy)}, which accepts TLS older than 1.2`,
        'set sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"',
      ),
    ];
  },
};
