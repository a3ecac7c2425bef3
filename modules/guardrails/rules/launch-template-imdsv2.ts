import { instancesOf } from "../effective";
import { blocks, finding, GuardrailRule } from "../rule";

/**
 * Defaults assumed (an unset argument is what EC2 applies at launch, and the rule cannot see the
 * AMI or the account's instance metadata defaults, so it takes the least safe documented value):
 * - `http_endpoint` unset: `enabled` (InstanceMetadataOptionsRequest, EC2 API Reference).
 * - `http_tokens` unset: `optional` — IMDSv1 stays on unless the AMI's ImdsSupport is `v2.0`
 *   (EC2 User Guide, "Configure the instance metadata options for new instances").
 * - `http_put_response_hop_limit` unset: 2 — the value EC2 sets for AMIs with ImdsSupport `v2.0`
 *   (EC2 API Reference, Image.ImdsSupport: "HttpPutResponseHopLimit is set to 2"), Amazon Linux
 *   2023 among them; the API's "Default: 1" holds only for AMIs without it. Only an explicit 1 passes.
 * - `metadata_options` absent: all three of the above.
 * An aws_instance launched from a launch template without its own metadata_options takes the
 * template's; the template is judged instead.
 */
export const launchTemplateImdsv2: GuardrailRule = {
  id: "LT-IMDSV2",
  checks: "Launch templates, launch configurations and instances require IMDSv2 tokens with an explicit response hop limit of 1",
  rationale: "IMDSv1 lets any SSRF in the app read the instance role's credentials; hop limit 1 keeps them out of containers",
  mirrors: "checkov CKV_AWS_79, trivy AVD-AWS-0028/0130, Security Hub EC2.8 and EC2.170",
  assumes: "http_endpoint unset = enabled; http_tokens unset = optional; hop limit unset = 2 (the value for AMIs with ImdsSupport v2.0, such as AL2023)",
  severity: "error",
  resourceTypes: ["aws_launch_template", "aws_launch_configuration", "aws_instance"],
  check({ type, config: resourceConfig }) {
    const fix = 'set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" }';
    return instancesOf({ config: resourceConfig }).flatMap(({ key, config }) => {
      const options = blocks(config.metadata_options)[0];
      if (type === "aws_instance" && !options && blocks(config.launch_template).length > 0) return [];
      const where = key ? `${key}: ` : "";
      if ((options?.http_endpoint ?? "enabled") === "disabled") return []; // no metadata service at all
      const tokens = options?.http_tokens ?? "optional";
      if (tokens !== "required") {
        return [finding(`${where}instance metadata accepts IMDSv1 (http_tokens is ${JSON.stringify(tokens)}${options?.http_tokens === undefined ? ", the default when unset" : ""})`, fix)];
      }
      const hops = options.http_put_response_hop_limit === undefined ? undefined : Number(options.http_put_response_hop_limit);
      if (hops === undefined) return [finding(`${where}metadata response hop limit is unset, so instances get EC2's default of 2 (AMIs with ImdsSupport v2.0) and containers on the host can reach the credentials`, fix)];
      if (hops !== 1) return [finding(`${where}metadata response hop limit is ${hops}, so containers on the host can reach the credentials`, fix)];
      return [];
    });
  },
};
