import { blocks, finding, GuardrailRule } from "../rule";
import { BUCKET_TYPES, bucketSettings } from "../resources";

/**
 * Defaults assumed: a bucket the stack creates without aws_s3_bucket_ownership_controls gets
 * Object Ownership "Bucket owner enforced", ACLs disabled ("By default, Object Ownership is set to
 * the Bucket owner enforced setting and ACLs are disabled for new buckets": Amazon S3 User Guide,
 * "Controlling ownership of objects and disabling ACLs for your bucket"). Only an explicit
 * BucketOwnerPreferred/ObjectWriter, or ACLs the stack sets (aws_s3_bucket_acl, the bucket's
 * deprecated `acl`), turn them on.
 */
export const s3AclsDisabled: GuardrailRule = {
  id: "S3-ACLS-DISABLED",
  checks: "S3 buckets keep ACLs disabled (object ownership BucketOwnerEnforced, the default for new buckets) and set no ACL",
  rationale: "With ACLs off, access is decided by policies alone and every object belongs to the bucket owner",
  mirrors: "checkov CKV2_AWS_65, Security Hub S3.12",
  assumes: "no ownership controls = BucketOwnerEnforced (S3's default for new buckets since April 2023)",
  severity: "error",
  resourceTypes: BUCKET_TYPES,
  check(bucket, estate) {
    const fix = 'keep object_ownership "BucketOwnerEnforced" (or no ownership controls) and grant access by policy, not ACL';
    const ownership = bucketSettings(bucket, "aws_s3_bucket_ownership_controls", estate)
      .map(({ config }) => blocks(config.rule)[0]?.object_ownership)
      .find((setting) => setting !== undefined && setting !== "BucketOwnerEnforced");
    if (ownership) return [finding(`the bucket honours ACLs (object ownership ${ownership})`, fix)];
    if (bucket.config.acl !== undefined || bucketSettings(bucket, "aws_s3_bucket_acl", estate).length > 0) return [finding("the stack sets an ACL on the bucket", fix)];
    return [];
  },
};
