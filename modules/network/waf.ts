import { Construct } from "constructs";
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";

/**
 * AWS managed rule groups a web ACL may take without further configuration (AWS WAF developer
 * guide, "Baseline rule groups", "Use-case specific rule groups", "IP reputation rule groups"),
 * with their web ACL capacity units. Bot Control, fraud control and anti-DDoS groups are left out:
 * they need their own settings and are priced per request.
 */
export const MANAGED_RULE_GROUP_CAPACITY: Readonly<Record<string, number>> = {
  AWSManagedRulesCommonRuleSet: 700,
  AWSManagedRulesAdminProtectionRuleSet: 100,
  AWSManagedRulesKnownBadInputsRuleSet: 200,
  AWSManagedRulesSQLiRuleSet: 200,
  AWSManagedRulesLinuxRuleSet: 200,
  AWSManagedRulesUnixRuleSet: 100,
  AWSManagedRulesWindowsRuleSet: 200,
  AWSManagedRulesPHPRuleSet: 100,
  AWSManagedRulesWordPressRuleSet: 100,
  AWSManagedRulesAmazonIpReputationList: 25,
  AWSManagedRulesAnonymousIpList: 50,
};
export const MANAGED_RULE_GROUPS = Object.keys(MANAGED_RULE_GROUP_CAPACITY);

/** What a created web ACL holds unless told otherwise: the core set, known bad inputs, Amazon's IP reputation list; 2000 requests per 5 minutes per IP. */
export const WAF_DEFAULTS = {
  managedRuleGroups: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"],
  rateLimit: 2000,
} as const;

/** Rate-based rule limits: requests per IP per evaluation window (AWS WAF API, RateBasedStatement `Limit`: 100 to 2,000,000,000 before 2024, 10 since; the stricter bound is kept). */
export const RATE_LIMIT_RANGE = { min: 100, max: 2_000_000_000 } as const;

/** Either an existing web ACL to associate, or what the stack's own web ACL holds. */
export interface WafSettings {
  /** ARN of an existing REGIONAL web ACL (same Region). */
  readonly webAclArn?: string;
  /** AWS managed rule groups, in priority order. @default WAF_DEFAULTS.managedRuleGroups */
  readonly managedRuleGroups?: string[];
  /** Requests per client IP per 5 minutes before it is blocked. @default 2000 */
  readonly rateLimit?: number;
}

export interface WebApplicationFirewallProps {
  /** Name of the web ACL and prefix of its metrics: 1-128 letters, digits, hyphens, underscores. */
  readonly name: string;
  readonly settings: WafSettings;
  /** ARN of the load balancer to protect. */
  readonly loadBalancerArn: string;
}

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/**
 * AWS WAF in front of the load balancer: the given web ACL, or a REGIONAL web ACL of the stack
 * that allows by default, blocks a client IP above the rate limit first, then runs the managed
 * rule groups in order (their own actions, no override); CloudWatch metrics and sampled requests
 * on every rule. As terraform-aws-modules/alb's `web_acl_arn` association, and the WAFv2 L1
 * pattern AWS CDK documents.
 */
export class WebApplicationFirewall extends Construct {
  public readonly webAclArn: string;
  public readonly webAcl?: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: WebApplicationFirewallProps) {
    super(scope, id);
    const { settings } = props;
    if (!/^[\w-]{1,128}$/.test(props.name)) throw new Error(`WebApplicationFirewall: name "${props.name}" must be 1-128 letters, digits, hyphens or underscores`);
    if (settings.webAclArn && (settings.managedRuleGroups || settings.rateLimit !== undefined)) {
      throw new Error("WebApplicationFirewall: give webAclArn (an existing web ACL) or managedRuleGroups/rateLimit (a new one), not both");
    }
    if (settings.webAclArn) {
      this.webAclArn = settings.webAclArn;
    } else {
      const groups = settings.managedRuleGroups ?? [...WAF_DEFAULTS.managedRuleGroups];
      const unknown = groups.filter((group) => !MANAGED_RULE_GROUPS.includes(group));
      if (unknown.length > 0) throw new Error(`WebApplicationFirewall: unknown managed rule group(s) ${unknown.join(", ")}; known: ${MANAGED_RULE_GROUPS.join(", ")}`);
      const limit = settings.rateLimit ?? WAF_DEFAULTS.rateLimit;
      if (!Number.isInteger(limit) || limit < RATE_LIMIT_RANGE.min || limit > RATE_LIMIT_RANGE.max) {
        throw new Error(`WebApplicationFirewall: rateLimit must be a whole number from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max}, got ${limit}`);
      }
      // `statement` is untyped in the provider bindings: its keys are written as Terraform's.
      const rules: Wafv2WebAclRule[] = [
        {
          name: "rate-limit-per-ip",
          priority: 0,
          action: { block: {} },
          statement: { rate_based_statement: { limit, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
          visibilityConfig: visibility(`${props.name}-rate-limit-per-ip`),
        },
        ...groups.map((group, index) => ({
          name: group,
          priority: index + 1,
          overrideAction: { none: {} },
          statement: { managed_rule_group_statement: { name: group, vendor_name: "AWS" } },
          visibilityConfig: visibility(`${props.name}-${group}`),
        })),
      ];
      this.webAcl = new Wafv2WebAcl(this, "web_acl", {
        name: props.name,
        description: "Load balancer: per-IP rate limit, then AWS managed rule groups",
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rule: rules,
        visibilityConfig: visibility(props.name),
      });
      this.webAclArn = this.webAcl.arn;
    }
    new Wafv2WebAclAssociation(this, "association", { resourceArn: props.loadBalancerArn, webAclArn: this.webAclArn });
  }
}
