import { blocks, finding, GuardrailRule } from "../rule";

export const launchTemplateImdsv2: GuardrailRule = {
  id: "LT-IMDSV2",
  checks: "Launch templates and instances require IMDSv2 tokens with a response hop limit of 1",
  rationale: "IMDSv1 lets any SSRF in the app read the instance role's credentials; hop limit 1 keeps them out of containers",
  mirrors: "checkov CKV_AWS_79, trivy AVD-AWS-0028/0130, Security Hub EC2.8 and EC2.170",
  severity: "error",
  resourceTypes: ["aws_launch_template", "aws_instance"],
  check({ config }) {
    const options = blocks(config.metadata_options)[0];
    if (options?.http_endpoint === "disabled") return []; // no metadata service at all
    const fix = 'set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" }';
    if (options?.http_tokens !== "required") {
      return [finding(`instance metadata accepts IMDSv1 (http_tokens is ${JSON.stringify(options?.http_tokens ?? "optional")})`, fix)];
    }
    const hops = Number(options.http_put_response_hop_limit ?? 1);
    if (hops !== 1) return [finding(`metadata response hop limit is ${hops}, so containers on the host can reach the credentials`, fix)];
    return [];
  },
};
