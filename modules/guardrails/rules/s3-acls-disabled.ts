import { blocks, finding, GuardrailRule } from "../rule";
import { BUCKET_TYPES, bucketSettings } from "../resources";

export const s3AclsDisabled: GuardrailRule = {
  id: "S3-ACLS-DISABLED",
  checks: "S3 buckets disable ACLs (object ownership BucketOwnerEnforced)",
  rationale: "With ACLs off, access is decided by policies alone and every object belongs to the bucket owner",
  mirrors: "checkov CKV2_AWS_65, Security Hub S3.12",
  severity: "error",
  resourceTypes: BUCKET_TYPES,
  check(bucket, estate) {
    const enforced = bucketSettings(bucket, "aws_s3_bucket_ownership_controls", estate).some(
      ({ config }) => blocks(config.rule)[0]?.object_ownership === "BucketOwnerEnforced",
    );
    return enforced ? [] : [finding("the bucket still honours ACLs", 'add an aws_s3_bucket_ownership_controls with object_ownership "BucketOwnerEnforced"')];
  },
};
