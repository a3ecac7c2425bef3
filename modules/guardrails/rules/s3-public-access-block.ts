import { finding, GuardrailRule, isTrue } from "../rule";
import { BUCKET_TYPES, bucketSettings } from "../resources";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

export const s3PublicAccessBlock: GuardrailRule = {
  id: "S3-PUBLIC-ACCESS-BLOCK",
  checks: "S3 buckets have a public access block with all four flags set",
  rationale: "No bucket of this estate is meant to be public; the block stops an ACL or policy from making it so",
  mirrors: "checkov CKV_AWS_53/54/55/56, trivy AVD-AWS-0086/0087/0091/0093, Security Hub S3.8",
  severity: "error",
  resourceTypes: BUCKET_TYPES,
  check(bucket, estate) {
    const accessBlocks = bucketSettings(bucket, "aws_s3_bucket_public_access_block", estate);
    const fix = "add an aws_s3_bucket_public_access_block with all four flags true";
    if (accessBlocks.length === 0) return [finding("the bucket has no public access block", fix)];
    const missing = FLAGS.filter((flag) => !accessBlocks.some(({ config }) => isTrue(config[flag])));
    return missing.length === 0 ? [] : [finding(`the public access block leaves ${missing.join(", ")} off`, fix)];
  },
};
