import { finding, GuardrailRule } from "../rule";

/** Defaults assumed: kms_master_key_id unset = no server-side encryption — source: Amazon SNS Developer Guide, "Encryption at rest": SSE is off unless a key is set. */
export const snsEncrypted: GuardrailRule = {
  id: "SNS-ENCRYPTED",
  checks: "SNS topics are encrypted, with a customer-managed key when CloudWatch alarms publish to them",
  rationale: "Notifications name hosts, deployments and failures; CloudWatch cannot publish to a topic under the AWS-managed alias/aws/sns key",
  mirrors: "checkov CKV_AWS_26, trivy AVD-AWS-0095/0136, Security Hub SNS.1",
  assumes: "kms_master_key_id unset = no server-side encryption",
  severity: "error",
  resourceTypes: ["aws_sns_topic"],
  check({ config, address }, estate) {
    const key = config.kms_master_key_id;
    if (!key) return [finding("the topic is not encrypted", "set kmsMasterKeyId to a customer-managed key whose policy admits the publishers (the Monitoring module does)")];
    const alarmsPublish = estate.referencing("aws_cloudwatch_metric_alarm", "alarm_actions", address).length > 0;
    if (alarmsPublish && /alias\/aws\/sns$/.test(String(key))) {
      return [finding("CloudWatch alarms publish to a topic encrypted with the AWS-managed key, so their notifications are dropped", "use a customer-managed key that allows cloudwatch.amazonaws.com kms:GenerateDataKey* and kms:Decrypt")];
    }
    return [];
  },
};
