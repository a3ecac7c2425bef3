import { IConstruct } from "constructs";
import { TerraformElement, TerraformStack, Testing } from "cdktf";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { DataAwsSubnets } from "@cdktf/provider-aws/lib/data-aws-subnets";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { join } from "path";
import { NodeFunction } from "../../modules/lambda/function";
import { TrafficShiftingDeployment } from "../../modules/lambda/deployment";
import { Guardrails, GUARDRAIL_RULES } from "../../modules/guardrails";
import { AwsContext } from "../../modules/shared/aws-context";
import { HardenedBucket } from "../../modules/shared/hardened-bucket";
import { policyDocument, serviceRole } from "../../modules/shared/iam";
import { BuildProject } from "../../modules/delivery/build";
import { BlueGreenDeployment } from "../../modules/server/deployment";
import { DeploymentRoles } from "../../modules/server/roles";
import { StateBucketStack } from "../../stacks/state-bucket-stack";
import { EnvironmentStack } from "../../stacks/environment-stack";
import { environmentConfig } from "../support/stacks";
import { guardedStack, synthGuarded, useTemporaryOutdirs } from "../support/guardrails";

useTemporaryOutdirs("guardrails-");

// ---- Compliant building blocks; each fixture below breaks exactly one rule in them. ----

const SUBNETS = ["subnet-0a", "subnet-0b"];

function launchTemplate(stack: TerraformStack): LaunchTemplate {
  return new LaunchTemplate(stack, "template", {
    name: "web",
    imageId: "ami-0123456789abcdef0",
    instanceType: "t3.micro",
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3", volumeSize: 16 } }],
    networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "false" }],
  });
}

function publicAlb(stack: TerraformStack) {
  const group = new SecurityGroup(stack, "alb_group", { name: "alb", description: "Load balancer: HTTPS from clients" });
  const https = new VpcSecurityGroupIngressRule(stack, "clients_443", {
    securityGroupId: group.id,
    cidrIpv4: "0.0.0.0/0",
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    description: "Clients to the load balancer on 443",
  });
  const alb = new Lb(stack, "alb", {
    name: "web",
    internal: false,
    loadBalancerType: "application",
    securityGroups: [group.id],
    subnets: SUBNETS,
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    accessLogs: { bucket: "web-alb-logs-123456789012", enabled: true },
  });
  return { group, https, alb };
}

function targetGroup(stack: TerraformStack): LbTargetGroup {
  return new LbTargetGroup(stack, "targets", {
    name: "web",
    port: 80,
    protocol: "HTTP",
    vpcId: "vpc-0a",
    healthCheck: { enabled: true, path: "/health", matcher: "200" },
  });
}

function httpsAlb(stack: TerraformStack) {
  const { alb } = publicAlb(stack);
  const targets = targetGroup(stack);
  const https = new LbListener(stack, "https", {
    loadBalancerArn: alb.arn,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    defaultAction: [{ type: "forward", targetGroupArn: targets.arn }],
  });
  const http = new LbListener(stack, "http", {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: "HTTP",
    defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
  });
  return { alb, https, http };
}

function fleetGroup(stack: TerraformStack, subnets: string[] = SUBNETS): AutoscalingGroup {
  const template = launchTemplate(stack);
  return new AutoscalingGroup(stack, "fleet", {
    name: "web",
    minSize: 1,
    maxSize: 2,
    launchTemplate: { id: template.id, version: "$Latest" },
    vpcZoneIdentifier: subnets,
    targetGroupArns: [targetGroup(stack).arn],
    healthCheckType: "ELB",
  });
}

const ARTIFACT_OBJECTS = "arn:aws:s3:::artifacts-123/*";

function role(stack: TerraformStack) {
  const aws = new AwsContext(stack, "account", { region: "us-east-1" });
  return serviceRole(stack, {
    aws,
    roleName: "web-codedeploy",
    description: "test role",
    service: "codedeploy",
    policyName: "access",
    statements: [
      { sid: "ReadArtifacts", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [ARTIFACT_OBJECTS] },
      { sid: "Describe", actions: ["ec2:Describe*", "autoscaling:DescribeAutoScalingGroups"], resources: ["*"] },
      {
        sid: "PassInstanceRole",
        actions: ["iam:PassRole"],
        resources: ["arn:aws:iam::123456789012:role/web-instance"],
        condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.amazonaws.com"] }],
      },
    ],
  }).role;
}

/** Appends a statement to the role's inline policy document (cdktf overrides append to lists); returns the role policy. */
function addStatement(stack: TerraformStack, statement: Record<string, unknown>): IConstruct {
  (stack.node.findChild("access_document") as TerraformElement).addOverride("statement", [statement]);
  return stack.node.findChild("access");
}

function buildProject(stack: TerraformStack): BuildProject {
  return new BuildProject(stack, "build", {
    aws: new AwsContext(stack, "account", { region: "us-east-1" }),
    projectName: "web-build",
    roleName: "web-build",
    logGroupName: "/aws/codebuild/web-build",
    artifactBucketArn: "arn:aws:s3:::artifacts-123",
  });
}

function alarmWithTopic(stack: TerraformStack) {
  const topic = new SnsTopic(stack, "topic", { name: "web-alarms", kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/abc" });
  const alarm = new CloudwatchMetricAlarm(stack, "alarm", {
    alarmName: "web-5xx",
    namespace: "AWS/ApplicationELB",
    metricName: "HTTPCode_Target_5XX_Count",
    statistic: "Sum",
    period: 60,
    evaluationPeriods: 1,
    threshold: 5,
    comparisonOperator: "GreaterThanThreshold",
    alarmActions: [topic.arn],
  });
  return { topic, alarm };
}

const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:web-alarms";

/** A topic key EventBridge may use, scoped by the topic's encryption context (a key its request carries). */
function topicKey(stack: TerraformStack): KmsKey {
  return new KmsKey(stack, "topic_key", {
    description: "web-alarms topic",
    enableKeyRotation: true,
    policy: policyDocument(stack, "topic_key_policy", [
      { sid: "Account", principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }], actions: ["kms:*"], resources: ["*"] },
      {
        sid: "EventRulesPublish",
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "kms:EncryptionContext:aws:sns:topicArn", values: [TOPIC_ARN] }],
      },
    ]).json,
  });
}

function deployment(stack: TerraformStack): BlueGreenDeployment {
  return new BlueGreenDeployment(stack, "deployment", {
    applicationName: "web",
    deploymentGroupName: "web",
    customDeploymentConfigName: "web-half",
    serviceRoleArn: "arn:aws:iam::123456789012:role/web-codedeploy",
    autoscalingGroups: ["web-seed"],
    targetGroupName: "web",
    deploymentConfig: { minimumHealthyHostsPercent: 50 },
    terminationWaitMinutes: 5,
    alarmNames: ["web-5xx"],
  });
}

/** A function with its own log group, tracing and a reservation of 5. */
function lambdaFunction(stack: TerraformStack): NodeFunction {
  return new NodeFunction(stack, "fn", {
    aws: new AwsContext(stack, "account", { region: "us-east-1" }),
    functionName: "web",
    description: "test function",
    codeDirectory: join(__dirname, "..", "..", "modules", "lambda", "functions", "app"),
    handler: "index.handler",
    roleName: "web-function",
    tracing: true,
    reservedConcurrency: 5,
  });
}
const functionBrokenBy = (path: string, value: unknown, production = false) =>
  fixture(lambdaFunction, (fn) => void fn.function.addOverride(path, value), production);

const group = (stack: TerraformStack) => (stack.node.findChild("deployment").node.findChild("group") as TerraformElement);
const bucketPart = (stack: TerraformStack, id: string) => stack.node.findChild("artifacts").node.findChild(id) as TerraformElement;
const hardenedBucket = (stack: TerraformStack) => new HardenedBucket(stack, "artifacts", { bucketName: "artifacts-123" });

interface RuleFixture {
  /** Builds the compliant construct, or (`broken`) the same with one change; returns the construct to suppress on. */
  build(stack: TerraformStack, broken: boolean): IConstruct;
  production?: boolean;
}

/**
 * `make` builds the compliant construct (where a suppression goes); `breakIt` makes the one change
 * that violates the rule, and may name another construct to suppress on (the one the finding is on).
 */
function fixture<T extends IConstruct>(make: (stack: TerraformStack) => T, breakIt: (target: T, stack: TerraformStack) => IConstruct | void, production = false): RuleFixture {
  return {
    production,
    build: (stack, broken) => {
      const target = make(stack);
      return (broken ? breakIt(target, stack) : undefined) ?? target;
    },
  };
}

/** A fixture whose broken variant is one override (`path` = `value`) on the construct `make` returns. */
function brokenBy(make: (stack: TerraformStack) => TerraformElement, path: string, value: unknown, production = false): RuleFixture {
  return fixture(make, (element) => element.addOverride(path, value), production);
}

/** The bucket's `part` (versioning, policy, ...) of a HardenedBucket, changed by one override. */
const bucketBrokenBy = (part: string, path: string, value: unknown) => fixture(hardenedBucket, (_, stack) => bucketPart(stack, part).addOverride(path, value));
const roleWith = (statement: Record<string, unknown>) => fixture(role, (_, stack) => addStatement(stack, statement));
const groupBrokenBy = (path: string, value: unknown) => fixture(deployment, (_, stack) => group(stack).addOverride(path, value));

/** For each rule, a compliant construct and the one change that violates it. */
const FIXTURES: Record<string, RuleFixture> = {
  "LT-IMDSV2": brokenBy(launchTemplate, "metadata_options.http_tokens", "optional"),
  "LT-EBS-ENCRYPTED": brokenBy(launchTemplate, "block_device_mappings", [{ device_name: "/dev/xvdb", ebs: { encrypted: "false", volume_size: 10 } }]),
  "EC2-NO-PUBLIC-IP": brokenBy(launchTemplate, "network_interfaces", [{ device_index: 1, associate_public_ip_address: "true" }]),
  "SG-OPEN-INGRESS": fixture(
    (stack) => publicAlb(stack).https,
    (https) => {
      https.addOverride("from_port", 22);
      https.addOverride("to_port", 22);
    },
  ),
  "SG-DESCRIPTIONS": brokenBy((stack) => publicAlb(stack).https, "description", ""),
  "ALB-DROP-INVALID-HEADERS": brokenBy((stack) => publicAlb(stack).alb, "drop_invalid_header_fields", false),
  "ALB-DELETION-PROTECTION": brokenBy((stack) => publicAlb(stack).alb, "enable_deletion_protection", false, true),
  // Enabled is what counts: a bucket alone writes nothing.
  "ALB-ACCESS-LOGS": brokenBy((stack) => publicAlb(stack).alb, "access_logs.enabled", false, true),
  // TLS13-1-1 reads like TLS 1.3 but still accepts TLS 1.1.
  "ALB-TLS-POLICY": brokenBy((stack) => httpsAlb(stack).https, "ssl_policy", "ELBSecurityPolicy-TLS13-1-1-2021-06"),
  "ALB-HTTP-REDIRECT": brokenBy((stack) => httpsAlb(stack).http, "default_action", [{ type: "forward", target_group_arn: "${aws_lb_target_group.targets.arn}" }]),
  "TG-HEALTH-CHECK": brokenBy(targetGroup, "health_check.enabled", false),
  "ASG-ELB-HEALTH-CHECK": brokenBy((stack) => fleetGroup(stack), "health_check_type", "EC2"),
  "ASG-MULTI-AZ": {
    // Broken: a computed subnet list that nothing checks at plan time.
    build: (stack, broken) =>
      fleetGroup(stack, broken ? new DataAwsSubnets(stack, "subnets", { filter: [{ name: "vpc-id", values: ["vpc-0a"] }] }).ids : SUBNETS),
  },
  "S3-VERSIONING": bucketBrokenBy("versioning", "versioning_configuration.status", "Suspended"),
  "S3-ENCRYPTION": fixture(hardenedBucket, (bucket) => void bucket.node.tryRemoveChild("encryption")),
  "S3-PUBLIC-ACCESS-BLOCK": bucketBrokenBy("public_access", "restrict_public_buckets", false),
  // Literal JSON that denies something, just not plain HTTP.
  "S3-TLS-ONLY": bucketBrokenBy(
    "policy",
    "policy",
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::artifacts-123" }] }),
  ),
  "S3-ACLS-DISABLED": bucketBrokenBy("ownership", "rule.object_ownership", "ObjectWriter"),
  "IAM-NO-WILDCARD-ACTION": roleWith({ sid: "Everything", actions: ["*"], resources: [ARTIFACT_OBJECTS] }),
  "IAM-NO-SERVICE-WILDCARD": roleWith({ sid: "AllOfS3", actions: ["s3:*"], resources: [ARTIFACT_OBJECTS] }),
  "IAM-SCOPED-RESOURCES": roleWith({ sid: "AnyObject", actions: ["s3:GetObject"], resources: ["*"] }),
  "IAM-PASSROLE-SCOPED": roleWith({ sid: "PassAnyRole", actions: ["iam:PassRole"], resources: ["arn:aws:iam::123456789012:role/*"] }),
  // EventBridge sends no aws:SourceAccount on this path: the grant would never apply.
  "POLICY-SERVICE-CONDITION-KEYS": fixture(topicKey, (key, stack) => {
    (stack.node.findChild("topic_key_policy") as TerraformElement).addOverride("statement", [
      {
        sid: "EventRulesOfThisAccount",
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
      },
    ]);
    return key;
  }),
  // The project's own attachment, then the one the issue names.
  "IAM-MANAGED-POLICIES": brokenBy(
    (stack) => new IamRolePolicyAttachment(stack, "managed", { role: "web-codedeploy", policyArn: "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole" }),
    "policy_arn",
    "arn:aws:iam::aws:policy/AdministratorAccess",
  ),
  "IAM-TRUST-SERVICES": fixture(role, (_, stack) =>
    (stack.node.findChild("trust") as TerraformElement).addOverride("statement", [
      { actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::210987654321:root"] }] },
    ]),
  ),
  "CODEBUILD-UNPRIVILEGED": brokenBy((stack) => buildProject(stack).project, "environment.privileged_mode", true),
  "CODEBUILD-LOGS": brokenBy((stack) => buildProject(stack).project, "logs_config.cloudwatch_logs.status", "DISABLED"),
  "CODEBUILD-ARTIFACTS-ENCRYPTED": brokenBy((stack) => buildProject(stack).project, "artifacts.encryption_disabled", true),
  "LOGS-RETENTION": brokenBy((stack) => new CloudwatchLogGroup(stack, "logs", { name: "/web/app", retentionInDays: 30 }), "retention_in_days", undefined),
  // The AWS-managed key: encrypted, yet CloudWatch alarms cannot publish to it.
  "SNS-ENCRYPTED": brokenBy((stack) => alarmWithTopic(stack).topic, "kms_master_key_id", "alias/aws/sns"),
  "ALARM-ACTIONS": brokenBy((stack) => alarmWithTopic(stack).alarm, "alarm_actions", undefined),
  "ALARM-NAMESPACE": brokenBy((stack) => alarmWithTopic(stack).alarm, "namespace", "AWS/CodeDeploy"),
  "CODEDEPLOY-ROLLBACK": groupBrokenBy("auto_rollback_configuration.events", undefined),
  "CODEDEPLOY-ALARMS": groupBrokenBy("alarm_configuration.enabled", false),
  "CODEDEPLOY-CONFIG": groupBrokenBy("deployment_config_name", "CodeDeployDefault.ECSAllAtOnce"),
  "CODEDEPLOY-TARGET-GROUP": groupBrokenBy("load_balancer_info.target_group_info", undefined),
  "LAMBDA-URL-AUTH": brokenBy((stack) => new LambdaFunctionUrl(stack, "url", { functionName: "web", qualifier: "live", authorizationType: "AWS_IAM" }), "authorization_type", "NONE"),
  // Lambda would create /aws/lambda/web itself, without retention.
  "LAMBDA-LOG-GROUP": functionBrokenBy("logging_config.log_group", "/aws/lambda/somewhere-else"),
  "LAMBDA-TRACING": functionBrokenBy("tracing_config.mode", "PassThrough", true),
  "LAMBDA-RESERVED-CONCURRENCY": functionBrokenBy("reserved_concurrent_executions", 0),
  "NAME-LENGTH": brokenBy((stack) => publicAlb(stack).alb, "name", "webapp-production-load-balancer-1"), // 33 characters
};

describe("guardrail rule pack", () => {
  test("every rule has an ID, what it checks, a rationale, what it mirrors, resource types and a fixture", () => {
    const ids = GUARDRAIL_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of GUARDRAIL_RULES) {
      expect(rule.id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
      for (const text of [rule.checks, rule.rationale, rule.mirrors]) expect(text.trim().length).toBeGreaterThan(5);
      expect(rule.resourceTypes.length).toBeGreaterThan(0);
    }
    expect(Object.keys(FIXTURES).sort()).toEqual([...ids].sort());
  });
});

describe.each(GUARDRAIL_RULES.map((rule) => [rule.id, FIXTURES[rule.id]] as const))("%s", (id, ruleFixture) => {
  test("a compliant construct passes with no finding at all", () => {
    const stack = guardedStack({ production: ruleFixture.production });
    ruleFixture.build(stack, false);
    const outcome = synthGuarded(stack);
    expect(outcome.errors).toEqual([]);
    expect(outcome.report).toMatchObject({ rules: GUARDRAIL_RULES.length, violations: 0, suppressed: [] });
  });

  test("the broken construct fails the synth with this rule's ID, and only this rule's", () => {
    const stack = guardedStack({ production: ruleFixture.production });
    ruleFixture.build(stack, true);
    const outcome = synthGuarded(stack);
    expect(outcome.failedRules).toEqual([id]);
    for (const line of outcome.errors) expect(line).toMatch(new RegExp(`^\\[stack/[^\\]]+\\] ${id}: .+ — .+$`));
  });

  test("a suppression with a reason lets it pass, reported in the output and in the metadata", () => {
    const stack = guardedStack({ production: ruleFixture.production });
    const target = ruleFixture.build(stack, true);
    Guardrails.suppress(target, id, "accepted for this test");
    const outcome = synthGuarded(stack);
    expect(outcome.errors).toEqual([]);
    expect(outcome.warnings).toEqual([]);
    expect(outcome.infos.length).toBeGreaterThan(0);
    for (const info of outcome.infos) expect(info.message).toMatch(new RegExp(`^${id} suppressed: .+ — reason: accepted for this test$`));
    expect(outcome.report!.violations).toBe(0);
    expect(outcome.report!.suppressed.map(({ rule, reason, suppressedAt }) => ({ rule, reason, suppressedAt }))).toContainEqual({
      rule: id,
      reason: "accepted for this test",
      suppressedAt: target.node.path,
    });
  });
});

describe("suppressions", () => {
  test("an unknown rule ID is refused, with the closest ID", () => {
    const stack = guardedStack();
    expect(() => Guardrails.suppress(stack, "LT-IMDS", "typo")).toThrow(/unknown rule ID "LT-IMDS" \(did you mean LT-IMDSV2\?\)/);
  });

  test.each(["", "   "])("a blank reason (%j) is refused", (reason) => {
    const stack = guardedStack();
    expect(() => Guardrails.suppress(stack, "LT-IMDSV2", reason)).toThrow("suppressing LT-IMDSV2 needs a non-empty reason");
  });

  test("a suppression on a scope covers what is below it, and only the named rule", () => {
    const stack = guardedStack();
    const template = launchTemplate(stack);
    template.addOverride("metadata_options.http_tokens", "optional");
    template.addOverride("network_interfaces", [{ device_index: 1, associate_public_ip_address: "true" }]);
    Guardrails.suppress(stack, "EC2-NO-PUBLIC-IP", "public subnets by design");
    expect(synthGuarded(stack).failedRules).toEqual(["LT-IMDSV2"]);
  });

  test("a suppression that matches nothing is reported as a warning", () => {
    const stack = guardedStack();
    launchTemplate(stack);
    Guardrails.suppress(stack, "LT-IMDSV2", "no longer needed");
    expect(synthGuarded(stack).warnings).toEqual(["LT-IMDSV2 is suppressed here but nothing here violates it; remove the suppression"]);
  });
});

describe("severities", () => {
  test("a rule set to warning is printed and counted but does not fail the synth", () => {
    const stack = guardedStack({ severities: { "LT-IMDSV2": "warning" } });
    launchTemplate(stack).addOverride("metadata_options.http_tokens", "optional");
    const outcome = synthGuarded(stack);
    expect(outcome.errors).toEqual([]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^LT-IMDSV2: instance metadata accepts IMDSv1 .+ — set metadataOptions/)]);
    expect(outcome.report).toMatchObject({ violations: 0, warnings: 1 });
  });

  test("other rules keep failing the synth", () => {
    const stack = guardedStack({ severities: { "LT-IMDSV2": "warning" } });
    launchTemplate(stack).addOverride("network_interfaces", [{ device_index: 1, associate_public_ip_address: "true" }]);
    expect(synthGuarded(stack).failedRules).toEqual(["EC2-NO-PUBLIC-IP"]);
  });

  test("an unknown rule ID or severity is refused", () => {
    expect(() => guardedStack({ severities: { "NAME-LENGHT": "warning" } })).toThrow(/severities: unknown rule ID "NAME-LENGHT" \(did you mean NAME-LENGTH\?\)/);
    expect(() => guardedStack({ severities: { "NAME-LENGTH": "info" as never } })).toThrow('severities.NAME-LENGTH is "info"; it must be "error" or "warning"');
  });
});

describe("rule details", () => {
  test("a subnet lookup guarded by a plan-time postcondition satisfies ASG-MULTI-AZ", () => {
    const stack = guardedStack();
    const subnets = new DataAwsSubnets(stack, "subnets", {
      filter: [{ name: "vpc-id", values: ["vpc-0a"] }],
      lifecycle: { postcondition: [{ condition: "${length(self.ids) >= 2}", errorMessage: "two AZs" }] },
    });
    fleetGroup(stack, subnets.ids);
    expect(synthGuarded(stack).errors).toEqual([]);
  });

  test("open ingress on 443 is a violation when the load balancer is internal", () => {
    const stack = guardedStack();
    publicAlb(stack).alb.addOverride("internal", true);
    expect(synthGuarded(stack).failedRules).toEqual(["SG-OPEN-INGRESS"]);
  });

  test("an identity policy that cannot be read at synth time is a violation", () => {
    const stack = guardedStack();
    role(stack);
    (stack.node.findChild("access") as TerraformElement).addOverride("policy", "${file(\"policy.json\")}");
    const outcome = synthGuarded(stack);
    expect(outcome.failedRules).toEqual(["IAM-NO-WILDCARD-ACTION"]);
    expect(outcome.errors[0]).toContain("the policy cannot be checked");
  });

  test("a policy statement with computed actions cannot be checked, and says so", () => {
    const stack = guardedStack();
    role(stack);
    addStatement(stack, { sid: "FromVariable", actions: "${var.actions}", resources: [ARTIFACT_OBJECTS] });
    const outcome = synthGuarded(stack);
    expect(outcome.failedRules).toEqual(["IAM-NO-WILDCARD-ACTION"]);
    expect(outcome.errors[0]).toContain("the policy cannot be checked: the actions of statement FromVariable are computed (${var.actions})");
  });

  const keyStatementFor = (stack: TerraformStack, principal: string, condition: Record<string, unknown>[] = []) =>
    (stack.node.findChild("topic_key_policy") as TerraformElement).addOverride("statement", [
      { sid: "Extra", principals: [{ type: "Service", identifiers: [principal] }], actions: ["kms:Decrypt"], resources: ["*"], condition },
    ]);

  test.each([
    ["a service principal the table does not know fails until its path is added with a source", "logs.amazonaws.com", "statement Extra grants logs.amazonaws.com, whose condition keys on a kms-key policy are not in the table"],
    ["a service that calls with its role on this path is no principal there", "codepipeline.amazonaws.com", "it calls with its service role, never as codepipeline.amazonaws.com"],
  ])("POLICY-SERVICE-CONDITION-KEYS: %s", (_, principal, message) => {
    const stack = guardedStack();
    topicKey(stack);
    keyStatementFor(stack, principal);
    const outcome = synthGuarded(stack);
    expect(outcome.failedRules).toEqual(["POLICY-SERVICE-CONDITION-KEYS"]);
    expect(outcome.errors[0]).toContain(message);
  });

  test("POLICY-SERVICE-CONDITION-KEYS compares condition keys case-insensitively, as IAM does", () => {
    const stack = guardedStack();
    topicKey(stack);
    keyStatementFor(stack, "cloudwatch.amazonaws.com", [{ test: "StringEquals", variable: "KMS:EncryptionContext:aws:sns:topicArn", values: [TOPIC_ARN] }]);
    expect(synthGuarded(stack).errors).toEqual([]);
  });

  test.each([
    ["an EC2 config", "CodeDeployDefault.HalfAtATime", ['CODEDEPLOY-CONFIG: deployment config "CodeDeployDefault.HalfAtATime" is neither predefined for Lambda nor created by this stack']],
    ["a predefined Lambda config", "CodeDeployDefault.LambdaLinear10PercentEvery1Minute", []],
  ])("CODEDEPLOY-CONFIG judges a Lambda group by the Lambda configs: %s", (_, config, expected) => {
    const stack = guardedStack();
    new TrafficShiftingDeployment(stack, "deployment", {
      applicationName: "web",
      deploymentGroupName: "web",
      customDeploymentConfigName: "web-shift",
      serviceRoleArn: "arn:aws:iam::123456789012:role/web-codedeploy",
      deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
      alarmNames: ["web-errors"],
    });
    group(stack).addOverride("deployment_config_name", config);
    const outcome = synthGuarded(stack);
    expect(outcome.errors.map((line) => line.replace(/^\[[^\]]+\] /, "").split(" — ")[0])).toEqual(expected);
  });

  test("NAME-LENGTH counts only the literal part of an interpolated name", () => {
    const stack = guardedStack();
    const bucket = hardenedBucket(stack);
    bucket.bucket.addOverride("bucket", "${data.aws_caller_identity.current.account_id}-" + "a".repeat(63));
    expect(synthGuarded(stack).failedRules).toEqual(["NAME-LENGTH"]);
  });
});

describe("the app's stacks", () => {
  test("an environment with its own VPC, private instances, a certificate, a parameter key and the instance logs (prod's default) needs no suppression at all", () => {
    const parameterKey = "arn:aws:kms:us-east-1:123456789012:key/0f3b5d7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
    const environment = environmentConfig("prod", {
      vpcId: "vpc-0123456789abcdef0",
      loadBalancerSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
      fleetSubnetIds: ["subnet-0123456789abcdef2", "subnet-0123456789abcdef3"],
      associatePublicIp: false,
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f3b5d7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
      parameterKmsKeyArn: parameterKey,
      ipAddressType: "dualstack",
      instancePermissions: {
        managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"],
        secretArns: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf"],
        parameterPaths: ["/shared/db/"],
        kmsKeyArns: [parameterKey],
        statements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop-media/*"] }],
      },
    });
    const outcome = synthGuarded(new EnvironmentStack(Testing.app({ stackTraces: false }), "stack", { environment }));
    expect(outcome.errors).toEqual([]);
    expect(outcome.infos).toEqual([]);
    expect(outcome.report).toMatchObject({ violations: 0, suppressed: [] });
    const synthesized = JSON.parse(Testing.synth(new EnvironmentStack(Testing.app(), "stack", { environment })));
    const documents = synthesized.data.aws_iam_policy_document;
    const instanceAccess = Object.entries<any>(documents).find(([name]) => name.startsWith("iam_instance_access_document"))![1];
    expect(instanceAccess.statement.find((statement: any) => statement.sid === "DecryptEnvironmentSecureStrings").resources).toEqual([parameterKey]);
    // LOGS-RETENTION and IAM-SCOPED-RESOURCES judged the instance log groups and their grant.
    expect(instanceAccess.statement.find((statement: any) => statement.sid === "ShipInstanceLogs").resources).toHaveLength(4);
    const instanceLogGroups = Object.values<any>(synthesized.resource.aws_cloudwatch_log_group).filter((group) => group.name.startsWith("/webapp/prod/instances/"));
    expect(instanceLogGroups.map((group) => group.retention_in_days)).toEqual([90, 90, 90, 90]);
    const application = Object.entries<any>(documents).find(([name]) => name.startsWith("iam_instance_application_document"))![1];
    expect(application.statement.map((statement: any) => statement.sid)).toEqual(["ReadSecrets", "ReadParameters", "ReadParametersByPath", "DecryptSecrets", "DecryptParameters", "Application0"]);
    // Dual-stack: SG-OPEN-INGRESS judged the IPv6 clients too (::/0 into the internet-facing ALB's group only).
    const ingress = Object.values<any>(synthesized.resource.aws_vpc_security_group_ingress_rule);
    expect(ingress.filter((rule) => rule.cidr_ipv6).map((rule) => `${rule.cidr_ipv6} ${rule.from_port}`).sort()).toEqual(["::/0 443", "::/0 80"]);
  });

  test("SG-OPEN-INGRESS judges IPv6 clients too: ::/0 into an internal load balancer's group fails", () => {
    const stack = guardedStack();
    const { group, https, alb } = publicAlb(stack);
    https.addOverride("cidr_ipv4", "10.0.0.0/8");
    alb.addOverride("internal", true);
    new VpcSecurityGroupIngressRule(stack, "ipv6_clients", { securityGroupId: group.id, description: "IPv6 clients", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" });
    expect(synthGuarded(stack).failedRules).toEqual(["SG-OPEN-INGRESS"]);
  });

  test("application grants that bypass the configuration are still judged by the IAM rules", () => {
    const stack = guardedStack();
    new DeploymentRoles(stack, "iam", {
      aws: new AwsContext(stack, "account", { region: "us-east-1" }),
      codeDeployRoleName: "web-codedeploy",
      instanceRoleName: "web-instance",
      parameterPath: "/web/dev/",
      application: { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"], statements: [{ actions: ["*"], resources: ["*"] }] },
    });
    expect(synthGuarded(stack).failedRules).toEqual(["IAM-MANAGED-POLICIES", "IAM-NO-WILDCARD-ACTION", "IAM-PASSROLE-SCOPED", "IAM-SCOPED-RESOURCES"]);
  });

  test("the state bucket stack passes with no suppression, production rules included", () => {
    const stack = new StateBucketStack(Testing.app({ stackTraces: false }), "stack", { appName: "web", bucketName: "web-terraform-state", region: "us-east-1" });
    const outcome = synthGuarded(stack);
    expect(outcome.errors).toEqual([]);
    expect(outcome.report).toMatchObject({ violations: 0, suppressed: [] });
  });
});
