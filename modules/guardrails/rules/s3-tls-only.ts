import { policyContents, actionMatches } from "../policy";
import { finding, GuardrailRule } from "../rule";
import { BUCKET_TYPES, bucketSettings } from "../resources";

export const s3TlsOnly: GuardrailRule = {
  id: "S3-TLS-ONLY",
  checks: "S3 bucket policies deny every request made without TLS (aws:SecureTransport = false)",
  rationale: "Revisions and artifacts must not travel unencrypted, whoever the client is",
  mirrors: "Security Hub S3.5",
  severity: "error",
  resourceTypes: BUCKET_TYPES,
  check(bucket, estate) {
    const fix = 'add a bucket policy statement: Deny, principal *, action s3:*, condition Bool aws:SecureTransport = "false" (the HardenedBucket module does)';
    const policies = bucketSettings(bucket, "aws_s3_bucket_policy", estate);
    if (policies.length === 0) return [finding("the bucket has no policy, so plain-HTTP requests are allowed", fix)];
    const deniesPlainHttp = policies.some(({ config }) => {
      const contents = policyContents(config.policy, estate);
      return (
        "statements" in contents &&
        contents.statements.some(
          (statement) =>
            statement.effect === "Deny" &&
            !statement.notAction &&
            statement.actions.some((action) => actionMatches(action, "s3:GetObject") && actionMatches(action, "s3:PutObject")) &&
            statement.principals.some(({ identifiers }) => identifiers.includes("*")) &&
            statement.conditions.some(({ test, variable, values }) => test === "Bool" && variable === "aws:SecureTransport" && values.includes("false")),
        )
      );
    });
    return deniesPlainHttp ? [] : [finding("no bucket policy statement denies requests without TLS", fix)];
  },
};
