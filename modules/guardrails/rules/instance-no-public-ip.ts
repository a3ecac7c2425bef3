import { blocks, finding, GuardrailRule, isTrue } from "../rule";

export const instanceNoPublicIp: GuardrailRule = {
  id: "EC2-NO-PUBLIC-IP",
  checks: "Launch templates and instances do not assign public IP addresses",
  rationale: "Instances behind a load balancer need no public address; one makes every open port reachable from the internet",
  mirrors: "checkov CKV_AWS_88, Security Hub EC2.9 and EC2.25",
  severity: "error",
  resourceTypes: ["aws_launch_template", "aws_instance"],
  check({ type, config }) {
    const fix = "launch into private subnets with a NAT gateway or VPC endpoints and set associatePublicIp: false";
    if (type === "aws_instance") {
      return isTrue(config.associate_public_ip_address) ? [finding("the instance gets a public IP address", fix)] : [];
    }
    return blocks(config.network_interfaces)
      .filter((nic) => isTrue(nic.associate_public_ip_address))
      .map((nic) => finding(`network interface ${nic.device_index ?? 0} gets a public IP address`, fix));
  },
};
