import { HardenedBucket } from "../../modules/shared/hardened-bucket";
import { policyStatements, synthModule } from "../support/synth";

describe("HardenedBucket", () => {
  const bucketSynth = synthModule((scope) => new HardenedBucket(scope, "artifacts", { bucketName: "shop-dev-artifacts-123456789012" }));

  test("is versioned, KMS-encrypted by default, and private (all four public-access blocks, ACLs disabled)", () => {
    expect(bucketSynth.resource("aws_s3_bucket")).toMatchObject({ bucket: "shop-dev-artifacts-123456789012", force_destroy: false });
    expect(bucketSynth.resource("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(bucketSynth.resource("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true },
    ]);
    expect(bucketSynth.resource("aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(bucketSynth.resource("aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
  });

  test("denies every request not made over TLS", () => {
    expect(policyStatements(bucketSynth, "policy_document")).toEqual([
      expect.objectContaining({
        effect: "Deny",
        actions: ["s3:*"],
        principals: [{ type: "*", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }),
    ]);
  });

  test("expires old versions and abandoned uploads", () => {
    const rules = bucketSynth.resource("aws_s3_bucket_lifecycle_configuration").rule;
    expect(rules.map((r: any) => r.id)).toEqual(["expire-noncurrent-versions", "abort-incomplete-uploads"]);
    expect(rules[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(rules[1].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
  });

  test("force_destroy only when asked (never in production)", () => {
    const scratch = synthModule((scope) => new HardenedBucket(scope, "a", { bucketName: "shop-dev-artifacts-1", forceDestroy: true }));
    expect(scratch.resource("aws_s3_bucket").force_destroy).toBe(true);
  });


  test("fits a log bucket: SSE-S3 (no bucket key), current objects expire, extra policy statements after the TLS deny", () => {
    const statement = { sid: "Writer", effect: "Allow", principals: [{ type: "AWS", identifiers: ["arn:aws:iam::127311923021:root"] }], actions: ["s3:PutObject"], resources: ["arn:aws:s3:::logs-1/x/*"] };
    const logs = synthModule((scope) => new HardenedBucket(scope, "a", { bucketName: "logs-1", encryption: "AES256", expirationDays: 30, policyStatements: [statement] }));
    expect(logs.resource("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    expect(logs.resource("aws_s3_bucket_lifecycle_configuration").rule[2]).toEqual({ id: "expire-objects", status: "Enabled", filter: [{}], expiration: [{ days: 30 }] });
    expect(policyStatements(logs, "policy_document").map((s: any) => s.sid)).toEqual(["DenyInsecureTransport", "Writer"]);
    expect(bucketSynth.resource("aws_s3_bucket_lifecycle_configuration").rule).toHaveLength(2);
  });

  test.each([
    [{ bucketName: "Shop_Artifacts" }, 'HardenedBucket: bucketName "Shop_Artifacts" must be 3-63 lowercase letters, digits, dots or hyphens'],
    [{ bucketName: "shop-dev", noncurrentVersionDays: 0 }, "HardenedBucket: noncurrentVersionDays must be a whole number ≥ 1, got 0"],
    [{ bucketName: "shop-dev", expirationDays: 0.5 }, "HardenedBucket: expirationDays must be a whole number ≥ 1, got 0.5"],
  ])("rejects %o", (props, message) => {
    expect(() => synthModule((scope) => new HardenedBucket(scope, "a", props))).toThrow(message);
  });
});
