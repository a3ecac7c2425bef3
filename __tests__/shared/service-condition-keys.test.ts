import { carriesConditionKey, SERVICE_PRINCIPAL_PATHS, serviceOfPrincipal, servicePrincipalPath } from "../../modules/shared/service-condition-keys";

describe("the condition keys service principals send", () => {
  test("one entry per service and policy, each with an AWS documentation source; keys unless it acts through a role or AWS documents none", () => {
    const pairs = SERVICE_PRINCIPAL_PATHS.map(({ service, policy }) => `${service}/${policy}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const entry of SERVICE_PRINCIPAL_PATHS) {
      expect(entry.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/\S+$/);
      expect(entry.conditionKeys.length > 0).toBe(!entry.actsThroughRole && !entry.documentsNoKeys);
    }
  });

  test("EventBridge reaches an encrypted topic's key with the topic's encryption context, never aws:Source*", () => {
    const entry = servicePrincipalPath("events", "kms-key")!;
    expect(carriesConditionKey(entry, "kms:EncryptionContext:aws:sns:topicArn")).toBe(true);
    for (const key of ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID"]) expect(carriesConditionKey(entry, key)).toBe(false);
    expect(carriesConditionKey(servicePrincipalPath("events", "sns-topic")!, "aws:sourcearn")).toBe(true);
  });

  test("ELB log delivery's dotted principal is found, and carries no documented key", () => {
    expect(serviceOfPrincipal("logdelivery.elasticloadbalancing.amazonaws.com")).toBe("logdelivery.elasticloadbalancing");
    const entry = servicePrincipalPath("logdelivery.elasticloadbalancing", "s3-bucket")!;
    expect(carriesConditionKey(entry, "aws:SourceAccount")).toBe(false);
  });

  test.each([
    ["events.amazonaws.com", "events"],
    ["cloudwatch.amazonaws.com.cn", "cloudwatch"],
    ["*", undefined],
    ["${var.principal}", undefined],
  ])("the service of principal %s is %s", (identifier, service) => {
    expect(serviceOfPrincipal(identifier)).toBe(service);
  });
});
