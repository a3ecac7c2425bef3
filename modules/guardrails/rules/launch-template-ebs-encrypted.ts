import { instancesOf } from "../effective";
import { blocks, finding, Finding, GuardrailRule, isTrue } from "../rule";

/**
 * Defaults assumed: an EBS volume without `encrypted = true` — and a root volume nobody declares —
 * is encrypted only when the account's EBS encryption by default is on, which is off unless
 * someone turned it on per Region (Amazon EBS User Guide, "Encryption by default"); the stack does
 * not control it, so the rule takes it as off. Launch templates map volumes in
 * block_device_mappings[].ebs; launch configurations and instances in root_block_device and
 * ebs_block_device.
 */
export const launchTemplateEbsEncrypted: GuardrailRule = {
  id: "LT-EBS-ENCRYPTED",
  checks: "Launch templates, launch configurations and instances declare their EBS volumes (at least the root volume), all encrypted",
  rationale: "Without a mapping the root volume's encryption depends on an account setting the stack does not control",
  mirrors: "checkov CKV_AWS_8 and trivy AVD-AWS-0008 (launch configurations), checkov CKV_AWS_3 and trivy AVD-AWS-0131 (instances); Security Hub EC2.7 is the account default",
  assumes: "encrypted unset, or no root volume declared = unencrypted (EBS encryption by default is off unless the account turns it on)",
  severity: "error",
  resourceTypes: ["aws_launch_template", "aws_launch_configuration", "aws_instance"],
  check({ type, config: resourceConfig }) {
    const fix =
      type === "aws_launch_template"
        ? 'map the root device (e.g. "/dev/xvda") with ebs { encrypted: "true" } and, if needed, a customer-managed kmsKeyId'
        : "declare rootBlockDevice { encrypted: true } and encrypted: true on every ebsBlockDevice";
    return instancesOf({ config: resourceConfig }).flatMap(({ key, config }): Finding[] => {
      const where = key ? `${key}: ` : "";
      if (type !== "aws_launch_template") {
        const findings: Finding[] = [];
        if (type === "aws_instance" && !config.root_block_device && blocks(config.launch_template).length > 0) return []; // the template is judged
        if (!isTrue(blocks(config.root_block_device)[0]?.encrypted)) findings.push(finding(`${where}the root volume is not declared encrypted (root_block_device.encrypted is unset or false)`, fix));
        for (const volume of blocks(config.ebs_block_device).filter((v) => !isTrue(v.encrypted))) findings.push(finding(`${where}EBS volume ${volume.device_name ?? "(no device name)"} is not encrypted`, fix));
        return findings;
      }
      const volumes = blocks(config.block_device_mappings).filter((mapping) => mapping.no_device === undefined && mapping.virtual_name === undefined);
      if (volumes.length === 0) return [finding(`${where}no EBS volume is declared, so the root volume is encrypted only if the account default says so`, fix)];
      return volumes
        .filter((mapping) => !isTrue(blocks(mapping.ebs)[0]?.encrypted))
        .map((mapping) => finding(`${where}EBS volume ${mapping.device_name ?? "(no device name)"} is not encrypted`, fix));
    });
  },
};
