import { policyContents } from "../policy";
import { finding, Finding, GuardrailRule } from "../rule";
import { carriesConditionKey, ResourcePolicyKind, serviceOfPrincipal, servicePrincipalPath } from "../../shared/service-condition-keys";

/** Resource types whose `policy` argument is a resource policy, and which kind of policy it is. */
const RESOURCE_POLICIES: Record<string, ResourcePolicyKind> = {
  aws_kms_key: "kms-key",
  aws_kms_key_policy: "kms-key",
  aws_sns_topic: "sns-topic",
  aws_sns_topic_policy: "sns-topic",
  aws_s3_bucket: "s3-bucket",
  aws_s3_bucket_policy: "s3-bucket",
};

export const resourcePolicyServiceKeys: GuardrailRule = {
  id: "POLICY-SERVICE-CONDITION-KEYS",
  checks: "Key, topic and bucket policy statements for a service principal use only condition keys that service sends on that path",
  rationale: "A condition on a key the service's request does not carry never matches: the grant is void and delivery fails silently",
  mirrors: "none (scanners check that aws:SourceAccount/SourceArn are present, not that the service sends them)",
  severity: "error",
  resourceTypes: Object.keys(RESOURCE_POLICIES),
  check({ type, config }, estate) {
    if (config.policy === undefined) return [];
    const kind = RESOURCE_POLICIES[type];
    const table = "modules/shared/service-condition-keys.ts";
    const contents = policyContents(config.policy, estate);
    if ("opaque" in contents) return [finding(`the ${kind} policy cannot be checked: ${contents.opaque}`, "build it with a DataAwsIamPolicyDocument of the stack, or literal JSON")];
    const findings: Finding[] = [];
    for (const statement of contents.statements.filter(({ effect }) => effect === "Allow")) {
      const name = statement.sid ? `statement ${statement.sid}` : "a statement";
      for (const { type: principalType, identifiers } of statement.principals) {
        if (principalType !== "Service") continue;
        for (const identifier of identifiers) {
          const service = serviceOfPrincipal(identifier);
          const entry = service === undefined ? undefined : servicePrincipalPath(service, kind);
          if (!entry) {
            findings.push(finding(`${name} grants ${identifier}, whose condition keys on a ${kind} policy are not in the table`, `add the path with its AWS source to ${table}`));
          } else if (entry.actsThroughRole) {
            findings.push(finding(`${name} grants ${identifier}, but when ${entry.path} it calls with its service role, never as ${identifier}`, `grant that role instead (${entry.source})`));
          } else {
            for (const { variable } of statement.conditions.filter(({ variable }) => !carriesConditionKey(entry, variable))) {
              findings.push(
                finding(
                  `${name} scopes ${identifier} by ${variable}, which its request does not carry when ${entry.path}: the grant never applies`,
                  `use ${entry.conditionKeys.join(" or ")} (${entry.source})`,
                ),
              );
            }
          }
        }
      }
    }
    return findings;
  },
};
