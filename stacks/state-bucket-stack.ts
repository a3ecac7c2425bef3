import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { HardenedBucket } from "../modules/shared/hardened-bucket";
import { portableLocalBackend } from "../modules/shared/state-backend";
import { Guardrails } from "../modules/guardrails";

export interface StateBucketStackProps {
  readonly appName: string;
  readonly bucketName: string;
  readonly region: string;
}

/**
 * One-off bootstrap: the hardened bucket the environment stacks keep their state in (state
 * `backend: "s3"`). Its own state stays local, since the bucket cannot hold the state that
 * creates it. Versioning keeps every state revision; destroy is refused while objects remain.
 */
export class StateBucketStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: StateBucketStackProps) {
    super(scope, id);
    portableLocalBackend(this);
    // Holds every environment's state, production's included.
    Guardrails.applyTo(this, { production: true });
    new AwsProvider(this, "aws", {
      region: props.region,
      defaultTags: [{ tags: { Application: props.appName, ManagedBy: "cdktf", Stack: id } }],
    });
    const state = new HardenedBucket(this, "state", { bucketName: props.bucketName, forceDestroy: false, noncurrentVersionDays: 90 });
    new TerraformOutput(this, "state_bucket", { value: state.bucket.bucket, description: "Bucket of the environments' Terraform state" });
  }
}
