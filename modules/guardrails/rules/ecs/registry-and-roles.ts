import { Estate, EstateResource } from "../../estate";
import { allowStatements } from "../../policy";
import { blocks, finding, Finding, GuardrailRule, isTrue } from "../../rule";
import { ACTIONS_WITHOUT_RESOURCE_TYPES } from "../iam-scoped-resources";
import { actionMatches } from "../../policy";
import { TASK_DEFINITION_TYPES } from "./containers";

/** Defaults assumed: image_scanning_configuration unset = scan_on_push false — source: ECR API ImageScanningConfiguration.scanOnPush. */
export const ecrScanOnPush: GuardrailRule = {
  id: "ECR-SCAN-ON-PUSH",
  checks: "ECR repositories scan every image on push",
  rationale: "An image with known vulnerabilities is found when it is pushed, before a deployment runs it",
  mirrors: "checkov CKV_AWS_163, Security Hub ECR.1",
  assumes: "scan_on_push unset = false",
  severity: "error",
  resourceTypes: ["aws_ecr_repository"],
  check({ config }) {
    return isTrue(blocks(config.image_scanning_configuration)[0]?.scan_on_push)
      ? []
      : [finding("images are not scanned on push", "set imageScanningConfiguration { scanOnPush: true }")];
  },
};

/** The inline policies and managed attachments of the role `roleArn` refers to, when the stack creates it. */
function rolePolicies(roleArn: unknown, estate: Estate): { role?: EstateResource; policies: EstateResource[]; attachments: EstateResource[] } {
  const role = estate.target(roleArn);
  if (!role || role.type !== "aws_iam_role") return { policies: [], attachments: [] };
  return {
    role,
    policies: estate.referencing("aws_iam_role_policy", "role", role.address),
    attachments: estate.referencing("aws_iam_role_policy_attachment", "role", role.address),
  };
}

export const ecsTaskRolesScoped: GuardrailRule = {
  id: "ECS-TASK-ROLES-SCOPED",
  checks: "The task and execution roles of ECS task definitions have inline policies without wildcard actions or Resource \"*\" (but for actions with no resource type), and no managed policies",
  rationale: "Every task of the service acts with these roles: a wildcard there is granted to whatever code runs in the container",
  mirrors: "none specific (the IAM-* rules judge every policy; this one holds the task's roles to no wildcard at all)",
  severity: "error",
  resourceTypes: TASK_DEFINITION_TYPES,
  check(task, estate) {
    const findings: Finding[] = [];
    for (const key of ["task_role_arn", "execution_role_arn"]) {
      const { role, policies, attachments } = rolePolicies(task.config[key], estate);
      if (!role) continue;
      for (const attachment of attachments) {
        findings.push(finding(`${key} ${role.address} has the managed policy ${attachment.config.policy_arn} attached`, "grant the task's permissions in an inline policy of named actions on named resources"));
      }
      for (const policy of policies) {
        const statements = allowStatements(policy, estate, (reason) => findings.push(finding(`${policy.address} cannot be checked: ${reason}`, "build it with policyDocument()")));
        for (const statement of statements) {
          const label = `${key} ${role.address}${statement.sid ? ` statement ${statement.sid}` : ""}`;
          const wildcards = statement.actions.filter((action) => action.includes("*"));
          if (statement.notAction || wildcards.length > 0) findings.push(finding(`${label} grants wildcard actions ${statement.notAction ? "(NotAction)" : wildcards.join(", ")}`, "list each action the task needs"));
          const anyResource = statement.notResource || statement.resources.includes("*");
          const scopable = statement.actions.filter((action) => !ACTIONS_WITHOUT_RESOURCE_TYPES.some((known) => actionMatches(known, action)));
          if (anyResource && scopable.length > 0) findings.push(finding(`${label} grants ${scopable.join(", ")} on Resource "*"`, "name the ARNs the task uses"));
        }
      }
    }
    return findings;
  },
};
