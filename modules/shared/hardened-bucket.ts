import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { policyDocument } from "./iam";

/** Default encryption: SSE-KMS under the AWS-managed key (with an S3 Bucket Key), or SSE-S3. */
export type BucketEncryption = "aws:kms" | "AES256";

export interface HardenedBucketProps {
  /** Globally unique bucket name, at most 63 characters. */
  readonly bucketName: string;
  /** Let `destroy` delete a bucket that still holds objects (never in production). @default false */
  readonly forceDestroy?: boolean;
  /** Days a replaced or deleted object version is kept. @default 30 */
  readonly noncurrentVersionDays?: number;
  /**
   * Default encryption. `AES256` (SSE-S3) for writers that cannot use KMS, such as ELB log
   * delivery ("The only server-side encryption option that's supported is SSE-S3": ELB user
   * guide, "Enable access logs for your Application Load Balancer"). @default aws:kms
   */
  readonly encryption?: BucketEncryption;
  /** Days after which current objects expire (logs). @default never */
  readonly expirationDays?: number;
  /** Statements added to the bucket policy after the TLS-only deny, e.g. a log delivery grant. @default none */
  readonly policyStatements?: DataAwsIamPolicyDocumentStatement[];
}

/**
 * A private, hardened bucket (build artifacts and revisions; Terraform state; load balancer logs):
 * versioned, encrypted by default, all four public-access blocks, ACLs disabled, TLS-only, with old
 * versions and abandoned multipart uploads cleaned up, and (for logs) current objects expired.
 */
export class HardenedBucket extends Construct {
  public readonly bucket: S3Bucket;
  /**
   * The bucket's versioning and default encryption: an object written before them is neither
   * versioned nor encrypted by the bucket's key, so writers depend on these.
   */
  public readonly objectSettings: ITerraformDependable[];
  /** The bucket policy: a writer granted by `policyStatements` (ELB log delivery) must wait for it. */
  public readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: HardenedBucketProps) {
    super(scope, id);
    // A name built from tokens (the account ID) is checked by the configuration, which knows its parts.
    if (!Token.isUnresolved(props.bucketName) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName)) {
      throw new Error(`HardenedBucket: bucketName "${props.bucketName}" must be 3-63 lowercase letters, digits, dots or hyphens`);
    }
    const noncurrentDays = props.noncurrentVersionDays ?? 30;
    for (const [key, days] of [["noncurrentVersionDays", noncurrentDays], ["expirationDays", props.expirationDays ?? 1]] as const) {
      if (!Number.isInteger(days) || days < 1) throw new Error(`HardenedBucket: ${key} must be a whole number ≥ 1, got ${days}`);
    }
    const algorithm = props.encryption ?? "aws:kms";

    this.bucket = new S3Bucket(this, "bucket", { bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false });
    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    const encryption = new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      // A Bucket Key only applies to SSE-KMS.
      rule: [algorithm === "aws:kms" ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true } : { applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm } }],
    });
    this.objectSettings = [versioning, encryption];
    new S3BucketPublicAccessBlock(this, "public_access", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      policy: policyDocument(this, "policy_document", [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        ...(props.policyStatements ?? []),
      ]).json,
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays }],
        },
        {
          id: "abort-incomplete-uploads",
          status: "Enabled",
          filter: [{}],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        ...(props.expirationDays !== undefined
          ? [{ id: "expire-objects", status: "Enabled", filter: [{}], expiration: [{ days: props.expirationDays }] }]
          : []),
      ],
    });
  }
}
