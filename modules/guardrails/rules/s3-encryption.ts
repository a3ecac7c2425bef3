import { blocks, finding, GuardrailRule } from "../rule";
import { BUCKET_TYPES, bucketSettings } from "../resources";

const ALGORITHMS = new Set(["aws:kms", "aws:kms:dsse", "AES256"]);

export const s3Encryption: GuardrailRule = {
  id: "S3-ENCRYPTION",
  checks: "S3 buckets declare default encryption (SSE-KMS, DSSE-KMS or SSE-S3)",
  rationale: "Encryption must be stated in code, reviewed and kept, not inherited from whatever the account or AWS defaults to",
  mirrors: "checkov CKV_AWS_19/145, trivy AVD-AWS-0088/0132",
  severity: "error",
  resourceTypes: BUCKET_TYPES,
  check(bucket, estate) {
    const declared = bucketSettings(bucket, "aws_s3_bucket_server_side_encryption_configuration", estate).some(({ config }) =>
      blocks(config.rule).some((rule) => ALGORITHMS.has(blocks(rule.apply_server_side_encryption_by_default)[0]?.sse_algorithm)),
    );
    return declared ? [] : [finding("the bucket declares no default encryption", 'add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms"')];
  },
};
