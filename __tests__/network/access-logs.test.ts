import { ELB_LOG_DELIVERY_ACCOUNTS, LOG_DELIVERY_SERVICE, loadBalancerLogBucket } from "../../modules/network/access-logs";
import { AwsContext } from "../../modules/shared/aws-context";
import { policyStatements, synthModule } from "../support/synth";

const logBucket = (region: string, connectionLogs = true) =>
  synthModule((scope) =>
    loadBalancerLogBucket(scope, "logs", {
      aws: new AwsContext(scope, `ctx_${region.replace(/-/g, "_")}`, { region }),
      bucketName: "shop-prod-alb-logs-123456789012",
      expirationDays: 90,
      connectionLogs,
      forceDestroy: false,
    }),
  );
const delivery = (synth: ReturnType<typeof synthModule>) => policyStatements(synth, "logs_policy_document").find((s: any) => s.sid === "LoadBalancerLogDelivery");

describe("load balancer log bucket", () => {
  test("SSE-S3, the only default encryption ELB log delivery supports; logs expire", () => {
    const synth = logBucket("us-east-1");
    expect(synth.resource("aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
    expect(synth.resource("aws_s3_bucket_lifecycle_configuration").rule.map((r: any) => r.id)).toEqual(["expire-noncurrent-versions", "abort-incomplete-uploads", "expire-objects"]);
    expect(synth.resource("aws_s3_bucket_public_access_block").restrict_public_buckets).toBe(true);
  });

  test("a Region from before August 2022 grants its ELB account, only s3:PutObject under this account's access and connection prefixes", () => {
    const statement = delivery(logBucket("eu-west-1"));
    expect(statement.principals).toEqual([{ type: "AWS", identifiers: [expect.stringMatching(/^arn:.+:iam::156460612806:root$/)] }]);
    expect(statement.actions).toEqual(["s3:PutObject"]);
    expect(statement.resources).toEqual([
      expect.stringMatching(/:s3:::shop-prod-alb-logs-123456789012\/access\/AWSLogs\/\$\{data\.aws_caller_identity\.[a-z0-9_]+\.account_id\}\/\*$/i),
      expect.stringMatching(/:s3:::shop-prod-alb-logs-123456789012\/connection\/AWSLogs\/\$\{data\.aws_caller_identity\.[a-z0-9_]+\.account_id\}\/\*$/i),
    ]);
    expect(statement.condition).toBeUndefined();
  });

  test("a Region opened since grants the log delivery service principal", () => {
    expect(ELB_LOG_DELIVERY_ACCOUNTS["ap-southeast-5"]).toBeUndefined();
    expect(delivery(logBucket("ap-southeast-5")).principals).toEqual([{ type: "Service", identifiers: [LOG_DELIVERY_SERVICE] }]);
  });

  test("without connection logs, only the access prefix", () => {
    expect(delivery(logBucket("us-east-1", false)).resources).toHaveLength(1);
  });
});
