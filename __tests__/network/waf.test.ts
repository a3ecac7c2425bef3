import { WAF_DEFAULTS, WebApplicationFirewall } from "../../modules/network/waf";
import { synthModule } from "../support/synth";

const loadBalancerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-prod/0123456789abcdef";
const webAclArn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/0f3b5d7e-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
const build = (settings: ConstructorParameters<typeof WebApplicationFirewall>[2]["settings"]) =>
  synthModule((scope) => new WebApplicationFirewall(scope, "firewall", { name: "shop-prod", settings, loadBalancerArn }));

describe("WebApplicationFirewall", () => {
  test("associates an existing web ACL, creating none", () => {
    const synth = build({ webAclArn });
    expect(synth.resources("aws_wafv2_web_acl")).toEqual({});
    expect(synth.resource("aws_wafv2_web_acl_association")).toMatchObject({ resource_arn: loadBalancerArn, web_acl_arn: webAclArn });
  });

  test("creates a REGIONAL web ACL: allow by default, the per-IP rate limit first, then the managed groups with their own actions", () => {
    const synth = build({});
    const acl = synth.resource("aws_wafv2_web_acl");
    expect(acl).toMatchObject({ name: "shop-prod", scope: "REGIONAL", default_action: { allow: {} } });
    expect(acl.rule.map((rule: any) => [rule.priority, rule.name])).toEqual([[0, "rate-limit-per-ip"], ...WAF_DEFAULTS.managedRuleGroups.map((group, index) => [index + 1, group])]);
    expect(acl.rule[0]).toMatchObject({ action: { block: {} }, statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 } } });
    expect(acl.rule[1]).toMatchObject({ override_action: { none: {} }, statement: { managed_rule_group_statement: { name: "AWSManagedRulesCommonRuleSet", vendor_name: "AWS" } } });
    for (const rule of acl.rule) expect(rule.visibility_config).toEqual({ cloudwatch_metrics_enabled: true, metric_name: `shop-prod-${rule.name}`, sampled_requests_enabled: true });
    expect(synth.resource("aws_wafv2_web_acl_association").web_acl_arn).toMatch(/^\$\{aws_wafv2_web_acl\..*\.arn\}$/);
  });

  test("the groups and the limit as given", () => {
    const acl = build({ managedRuleGroups: ["AWSManagedRulesSQLiRuleSet"], rateLimit: 500 }).resource("aws_wafv2_web_acl");
    expect(acl.rule.map((rule: any) => rule.name)).toEqual(["rate-limit-per-ip", "AWSManagedRulesSQLiRuleSet"]);
    expect(acl.rule[0].statement.rate_based_statement.limit).toBe(500);
  });

  test.each([
    [{ webAclArn, rateLimit: 100 }, "WebApplicationFirewall: give webAclArn (an existing web ACL) or managedRuleGroups/rateLimit (a new one), not both"],
    [{ managedRuleGroups: ["AWSManagedRulesBotControlRuleSet"] }, "WebApplicationFirewall: unknown managed rule group(s) AWSManagedRulesBotControlRuleSet"],
    [{ rateLimit: 50 }, "WebApplicationFirewall: rateLimit must be a whole number from 100 to 2000000000, got 50"],
  ])("rejects %o", (settings, message) => {
    expect(() => build(settings)).toThrow(message);
  });
});
