import { Construct } from "constructs";
import {
  DataAwsIamPolicyDocument,
  DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsContext } from "./aws-context";

export interface ServiceRoleProps {
  readonly aws: AwsContext;
  readonly roleName: string;
  readonly description: string;
  /** The AWS service that assumes the role, e.g. `codebuild`. */
  readonly service: string;
  /** Name of the role's inline policy. */
  readonly policyName: string;
  readonly statements: DataAwsIamPolicyDocumentStatement[];
  /** Construct IDs are `<idPrefix>role`, `<idPrefix>trust`, `<idPrefix>access`, `<idPrefix>access_document`. @default "" */
  readonly idPrefix?: string;
}

/** A service role and its inline policy: whatever acts with the role depends on the policy too. */
export interface ServiceRole {
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
}

/** A role one AWS service assumes (from this account), with one inline policy of typed statements. */
export function serviceRole(scope: Construct, props: ServiceRoleProps): ServiceRole {
  const prefix = props.idPrefix ?? "";
  const role = new IamRole(scope, `${prefix}role`, {
    name: props.roleName,
    description: props.description,
    assumeRolePolicy: trustPolicy(scope, `${prefix}trust`, props.aws, props.service).json,
  });
  const policy = new IamRolePolicy(scope, `${prefix}access`, {
    name: props.policyName,
    role: role.id,
    policy: policyDocument(scope, `${prefix}access_document`, props.statements).json,
  });
  return { role, policy };
}

/** A policy document built by Terraform from typed statements (no hand-written JSON). */
export function policyDocument(scope: Construct, id: string, statement: DataAwsIamPolicyDocumentStatement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, { statement });
}

/**
 * Services that assume a role with no `aws:SourceAccount` to match: EC2 (instance profiles), and
 * Lambda for execution roles, whose trust policy the Lambda Developer Guide ("Lambda execution
 * role") gives without conditions. A condition the service does not send denies every
 * AssumeRole: the function could never run.
 */
const UNCONFINABLE_SERVICES = ["ec2", "lambda"];

/** Trust policy for one AWS service, confined to this account where the service sends the key (UNCONFINABLE_SERVICES). */
export function trustPolicy(scope: Construct, id: string, aws: AwsContext, service: string): DataAwsIamPolicyDocument {
  const condition = UNCONFINABLE_SERVICES.includes(service) ? [] : [{ test: "StringEquals", variable: "aws:SourceAccount", values: [aws.accountId] }];
  return policyDocument(scope, id, [
    {
      actions: ["sts:AssumeRole"],
      principals: [{ type: "Service", identifiers: [aws.servicePrincipal(service)] }],
      condition,
    },
  ]);
}
