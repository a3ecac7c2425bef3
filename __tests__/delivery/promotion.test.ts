import { DeliveryPipeline, DeliveryPipelineProps } from "../../modules/delivery/pipeline";
import { PromotionSource, releaseChain } from "../../modules/delivery/promotion";
import { PipelineSource } from "../../modules/delivery/source";
import { resolveConfig } from "../../modules/config";
import { policyStatements, synthModule } from "../support/synth";

const base = {
  pipelineName: "shop-staging",
  roleName: "shop-staging-pipeline",
  triggerRoleName: "shop-staging-pipeline-trigger",
  triggerRuleName: "shop-staging-source-push",
  artifactBucketName: "shop-staging-artifacts-123456789012",
  artifactBucketArn: "arn:aws:s3:::shop-staging-artifacts-123456789012",
  applicationName: "shop-staging",
  deploymentGroupName: "shop-staging",
  deploymentConfigName: "CodeDeployDefault.AllAtOnce",
};
const upstream = { alarmName: "shop-dev-release-health", region: "us-east-1" };
const own = { alarmName: "shop-staging-release-health", region: "us-east-1", waitMinutes: 15 };
const next = { environment: "prod", bucketName: "shop-prod-artifacts-123456789012", bucketArn: "arn:aws:s3:::shop-prod-artifacts-123456789012", key: "promotions/revision.zip" };

function promoted(extra: Partial<DeliveryPipelineProps> = {}, nextRegion = "us-east-1") {
  return synthModule((scope, aws) => {
    const source = new PromotionSource(scope, "source", { bucketName: base.artifactBucketName, bucketId: "shop-staging-artifacts-123456789012", key: "promotions/revision.zip", promotedFrom: "dev" });
    new DeliveryPipeline(scope, "pipeline", { aws, ...base, source, upstreamHealth: upstream, deploymentHealth: own, promoteTo: { ...next, region: nextRegion }, ...extra });
  });
}

describe("releaseChain", () => {
  test("follows the configured order: the first has no predecessor, the last no successor", () => {
    const environments = resolveConfig({ environments: { qa: {}, live: { region: "eu-west-1" }, dr: {} } }).environments;
    const chain = releaseChain(environments);
    expect(chain.map((p) => [p.previous?.name, p.next?.name])).toEqual([[undefined, "live"], ["qa", "dr"], ["live", undefined]]);
    expect(chain[0].next).toMatchObject({ region: "eu-west-1", stem: "webapp-live", releaseHealthAlarmName: "webapp-live-release-health" });
    expect(chain[0].next!.artifactBucketName("123456789012")).toBe("webapp-live-artifacts-123456789012");
  });
});

describe("a promoted environment's pipeline", () => {
  const synth = promoted();
  const pipeline = synth.resource("aws_codepipeline");
  const stage = (name: string) => pipeline.stage.find((s: any) => s.name === name);

  test("deploys what the previous environment promoted into its bucket, without building: Source → Deploy → Promote", () => {
    expect(pipeline.stage.map((s: any) => s.name)).toEqual(["Source", "Deploy", "Promote"]);
    expect(stage("Source").action[0]).toMatchObject({
      provider: "S3",
      output_artifacts: ["revision"],
      configuration: { S3Bucket: base.artifactBucketName, S3ObjectKey: "promotions/revision.zip", PollForSourceChanges: "false" },
    });
    expect(stage("Deploy").action[0]).toMatchObject({ provider: "CodeDeploy", input_artifacts: ["revision"] });
  });

  test("the object's creation starts it through EventBridge (bucket notifications on), nothing polls", () => {
    expect(synth.resource("aws_s3_bucket_notification")).toMatchObject({ eventbridge: true });
    const rule = synth.resource("aws_cloudwatch_event_rule");
    expect(rule.description).toBe("Starts shop-staging on a revision promoted from dev");
    expect(rule.event_pattern).toContain('"detail-type" = ["Object Created"]');
    expect(rule.event_pattern).toContain('"key" = ["promotions/revision.zip"]');
    expect(rule.event_pattern).toContain(`"name" = ["${base.artifactBucketName}"]`);
  });

  /** A condition of one CloudWatchAlarm rule, as synthesized. */
  const alarmCondition = (result: string, name: string, configuration: Record<string, string>) => ({
    condition: { result, rule: [{ name, rule_type_id: { category: "Rule", owner: "AWS", provider: "CloudWatchAlarm", version: "1" }, configuration }] },
  });

  test("is not entered while the upstream environment alarms (entry condition, FAIL)", () => {
    expect(stage("Deploy").before_entry).toEqual(alarmCondition("FAIL", "UpstreamHealthy", { AlarmName: "shop-dev-release-health", AlarmStates: "ALARM" }));
  });

  test("rolls Deploy back when its own environment alarms after success (on-success condition, ROLLBACK), before promoting", () => {
    expect(stage("Deploy").on_success).toEqual(
      alarmCondition("ROLLBACK", "DeploymentHealthy", { AlarmName: "shop-staging-release-health", AlarmStates: "ALARM", WaitTime: "15" }),
    );
  });

  test("promotes the deployed revision, unextracted, to the next environment's hand-off key in the same region", () => {
    expect(stage("Promote").action).toEqual([
      {
        name: "To-prod",
        category: "Deploy",
        owner: "AWS",
        provider: "S3",
        version: "1",
        input_artifacts: ["revision"],
        configuration: { BucketName: next.bucketName, ObjectKey: "promotions/revision.zip", Extract: "false" },
      },
    ]);
    expect(pipeline.artifact_store).toEqual([{ type: "S3", location: base.artifactBucketName }]);
  });

  test("its role reads both alarms (composite: DescribeAlarms returns those only to a grant on *) and writes only the next environment's objects; it runs no build", () => {
    const statements = policyStatements(synth, "pipeline_access_document");
    expect(statements.map((s) => s.sid)).toEqual(["ReadWriteArtifacts", "InspectArtifactBucket", "Deploy", "RegisterRevision", "ReadDeploymentConfig", "ReadReleaseAlarms", "PromoteRevision"]);
    const bySid = Object.fromEntries(statements.map((s) => [s.sid, s]));
    expect(bySid.ReadReleaseAlarms).toMatchObject({ actions: ["cloudwatch:DescribeAlarms"], resources: ["*"] });
    expect(bySid.PromoteRevision).toMatchObject({ actions: ["s3:PutObject"], resources: [`${next.bucketArn}/*`] });
  });

  test("with an approval, the entry condition guards Approve: the approval is asked only after the upstream environment is healthy", () => {
    const approved = promoted({ requireApproval: true }).resource("aws_codepipeline");
    expect(approved.stage.map((s: any) => s.name)).toEqual(["Source", "Approve", "Deploy", "Promote"]);
    expect(approved.stage[1].before_entry.condition.rule[0].configuration.AlarmName).toBe("shop-dev-release-health");
    expect(approved.stage[2].before_entry).toBeUndefined();
  });

  test("a next environment in another region makes Promote a cross-region action with an artifact store there", () => {
    const cross = promoted({}, "eu-west-1");
    const resource = cross.resource("aws_codepipeline");
    expect(resource.stage[2].action[0].region).toBe("eu-west-1");
    expect(resource.artifact_store).toEqual([
      { type: "S3", location: base.artifactBucketName, region: "us-east-1" },
      { type: "S3", location: next.bucketName, region: "eu-west-1" },
    ]);
    const bySid = Object.fromEntries(policyStatements(cross, "pipeline_access_document").map((s) => [s.sid, s]));
    expect(bySid.PromoteRevision.actions).toEqual(["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"]);
    expect(bySid.InspectPromotionBucket).toMatchObject({ actions: ["s3:GetBucketVersioning", "s3:GetBucketLocation"], resources: [next.bucketArn] });
  });

  test("an upstream alarm in another region is read there (the rule's region)", () => {
    const cross = promoted({ upstreamHealth: { ...upstream, region: "eu-west-1" } }).resource("aws_codepipeline");
    expect(cross.stage[1].before_entry.condition.rule[0].region).toBe("eu-west-1");
  });

  test("refuses a wait the alarm condition cannot take", () => {
    expect(() => promoted({ deploymentHealth: { ...own, waitMinutes: 0 } })).toThrow("DeliveryPipeline: deploymentHealth.waitMinutes must be a whole number from 1 to 1440, got 0");
  });
});

describe("PipelineSource with an existing connection", () => {
  test("uses the ARN it is given and creates no PENDING connection", () => {
    const arn = "arn:aws:codeconnections:us-east-1:123456789012:connection/0b5a8c3e-1234-4d5e-9f00-112233445566";
    const synth = synthModule((scope) => {
      const source = new PipelineSource(scope, "source", { settings: { provider: "github", repository: "acme/shop", branch: "main", connectionArn: arn }, defaultRepositoryName: "x", connectionName: "x-gh" });
      expect(source.sourceAction("source").configuration).toMatchObject({ ConnectionArn: arn, FullRepositoryId: "acme/shop" });
      expect(source.pipelineStatements[0].resources).toEqual([arn]);
      expect(source.startRule).toBeUndefined();
    });
    expect(synth.resources("aws_codestarconnections_connection")).toEqual({});
  });
});
