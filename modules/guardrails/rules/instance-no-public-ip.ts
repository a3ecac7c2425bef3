import { COMPUTE_TYPES, instancesOf, publicIpReason } from "../effective";
import { finding, GuardrailRule } from "../rule";

/**
 * Defaults assumed: an unset `associate_public_ip_address` leaves it to the subnet's
 * MapPublicIpOnLaunch (EC2 API, InstanceNetworkInterfaceSpecification.AssociatePublicIpAddress).
 * That is true for an instance without `subnet_id` (it lands in a default subnet, which maps public
 * IPs: Amazon VPC User Guide, "Default subnets") and for `aws_default_subnet`; false for an
 * `aws_subnet` without `map_public_ip_on_launch`; a launch template or configuration without the
 * argument takes the subnets of the stack's Auto Scaling groups using it (none given: default
 * subnets). A subnet the stack does not create is not judged (assumed private).
 */
export const instanceNoPublicIp: GuardrailRule = {
  id: "EC2-NO-PUBLIC-IP",
  checks: "Launch templates, launch configurations and instances do not assign public IP addresses, explicitly or through the subnet's default",
  rationale: "Instances behind a load balancer need no public address; one makes every open port reachable from the internet",
  mirrors: "checkov CKV_AWS_88, Security Hub EC2.9 and EC2.25",
  assumes: "associate_public_ip_address unset = the subnet's MapPublicIpOnLaunch: true without subnet_id and in aws_default_subnet, false in aws_subnet",
  severity: "error",
  resourceTypes: COMPUTE_TYPES,
  check(resource, estate) {
    const fix = "launch into private subnets with a NAT gateway or VPC endpoints and set associatePublicIp: false";
    return instancesOf(resource).flatMap(({ key, config }) => {
      const reason = publicIpReason(resource, config, estate);
      return reason ? [finding(`${key ? `${key}: ` : ""}instances get a public IP address (${reason})`, fix)] : [];
    });
  },
};
