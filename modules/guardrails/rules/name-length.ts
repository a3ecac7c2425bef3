import { finding, Finding, GuardrailRule } from "../rule";

/** AWS name limits per resource type and argument. */
export const NAME_LIMITS: Record<string, Record<string, number>> = {
  aws_lb: { name: 32, name_prefix: 6 },
  aws_alb: { name: 32, name_prefix: 6 },
  aws_lb_target_group: { name: 32, name_prefix: 6 },
  aws_alb_target_group: { name: 32, name_prefix: 6 },
  aws_iam_role: { name: 64, name_prefix: 38 },
  aws_iam_policy: { name: 128 },
  aws_iam_role_policy: { name: 128 },
  aws_iam_instance_profile: { name: 128 },
  aws_security_group: { name: 255 },
  aws_launch_template: { name: 128 },
  aws_autoscaling_group: { name: 255 },
  aws_s3_bucket: { bucket: 63, bucket_prefix: 37 },
  aws_sns_topic: { name: 256 },
  aws_cloudwatch_metric_alarm: { alarm_name: 255 },
  aws_cloudwatch_log_group: { name: 512 },
  aws_cloudwatch_event_rule: { name: 64 },
  aws_codebuild_project: { name: 150 },
  aws_codepipeline: { name: 100 },
  aws_codedeploy_app: { name: 100 },
  aws_codedeploy_deployment_group: { deployment_group_name: 100 },
  aws_codedeploy_deployment_config: { deployment_config_name: 100 },
  aws_codecommit_repository: { repository_name: 100 },
  aws_codestarconnections_connection: { name: 32 },
  aws_kms_alias: { name: 256 },
};

export const nameLength: GuardrailRule = {
  id: "NAME-LENGTH",
  checks: "Literal names fit AWS limits (ELB and target group 32, IAM role 64, bucket 63, event rule 64, ...)",
  rationale: "An over-long name passes plan and fails apply, halfway through creating the estate",
  mirrors: "none (scanners do not check lengths)",
  severity: "error",
  resourceTypes: Object.keys(NAME_LIMITS),
  check({ type, config }) {
    const findings: Finding[] = [];
    for (const [argument, limit] of Object.entries(NAME_LIMITS[type])) {
      const value = config[argument];
      if (typeof value !== "string") continue;
      // Only the literal part counts; interpolations (an account ID, say) can only make it longer.
      const literal = value.replace(/\$\{[^}]*\}/g, "");
      if (literal.length > limit) {
        findings.push(finding(`${argument} ${JSON.stringify(value)} has ${literal.length} literal characters; AWS allows ${limit}`, "shorten appName or the environment name (names are <app>-<env>-<role>)"));
      }
    }
    return findings;
  },
};
