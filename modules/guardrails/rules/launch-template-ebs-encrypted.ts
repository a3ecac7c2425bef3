import { blocks, finding, GuardrailRule, isTrue } from "../rule";

export const launchTemplateEbsEncrypted: GuardrailRule = {
  id: "LT-EBS-ENCRYPTED",
  checks: "Launch templates declare their EBS volumes (at least the root volume), all encrypted",
  rationale: "Without a mapping the root volume's encryption depends on an account setting the stack does not control",
  mirrors: "none for launch templates (checkov CKV_AWS_8 and trivy AVD-AWS-0008 cover launch configurations only); Security Hub EC2.7 is the account default",
  severity: "error",
  resourceTypes: ["aws_launch_template"],
  check({ config }) {
    const fix = 'map the root device (e.g. "/dev/xvda") with ebs { encrypted: "true" } and, if needed, a customer-managed kmsKeyId';
    const volumes = blocks(config.block_device_mappings).filter((mapping) => mapping.no_device === undefined && mapping.virtual_name === undefined);
    if (volumes.length === 0) return [finding("no EBS volume is declared, so the root volume is encrypted only if the account default says so", fix)];
    return volumes
      .filter((mapping) => !isTrue(blocks(mapping.ebs)[0]?.encrypted))
      .map((mapping) => finding(`EBS volume ${mapping.device_name ?? "(no device name)"} is not encrypted`, fix));
  },
};
