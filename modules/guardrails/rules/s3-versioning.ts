import { blocks, finding, GuardrailRule, isTrue } from "../rule";
import { BUCKET_TYPES, bucketSettings } from "../resources";

export const s3Versioning: GuardrailRule = {
  id: "S3-VERSIONING",
  checks: "S3 buckets have versioning enabled (aws_s3_bucket_versioning with status Enabled)",
  rationale: "Artifacts, revisions and state must survive overwrites and deletes; rollbacks need the old versions",
  mirrors: "checkov CKV_AWS_21, trivy AVD-AWS-0090, Security Hub S3.14",
  severity: "error",
  resourceTypes: BUCKET_TYPES,
  check(bucket, estate) {
    const enabled =
      bucketSettings(bucket, "aws_s3_bucket_versioning", estate).some(({ config }) => blocks(config.versioning_configuration)[0]?.status === "Enabled") ||
      isTrue(blocks(bucket.config.versioning)[0]?.enabled);
    return enabled ? [] : [finding("the bucket is not versioned", 'add an aws_s3_bucket_versioning with status "Enabled" (the HardenedBucket module does)')];
  },
};
