import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";

export interface InitialRevisionProps {
  /** Folder of the revision (appspec.yml at its root). */
  readonly bundleDirectory: string;
  readonly bucketName: string;
  /** @default "revisions/initial.zip" */
  readonly key?: string;
}

/**
 * The revision bundle zipped at synth time and uploaded to the artifact bucket, so a fresh
 * estate can run its first blue/green deployment without anyone zipping files by hand. The
 * object changes exactly when the bundle's content does (its hash is the asset's).
 */
export class InitialRevision extends Construct {
  public readonly asset: TerraformAsset;
  public readonly object: S3Object;
  public readonly key: string;

  constructor(scope: Construct, id: string, props: InitialRevisionProps) {
    super(scope, id);
    this.key = props.key ?? "revisions/initial.zip";
    this.asset = new TerraformAsset(this, "bundle", { path: props.bundleDirectory, type: AssetType.ARCHIVE });
    this.object = new S3Object(this, "object", {
      bucket: props.bucketName,
      key: this.key,
      source: this.asset.path,
      // The object is encrypted with KMS, so its ETag is no content hash: track the asset's.
      sourceHash: this.asset.assetHash,
      contentType: "application/zip",
    });
  }
}
