import type { GuardrailRule } from "../rule";
import { launchTemplateImdsv2 } from "./launch-template-imdsv2";
import { launchTemplateEbsEncrypted } from "./launch-template-ebs-encrypted";
import { instanceNoPublicIp } from "./instance-no-public-ip";
import { securityGroupOpenIngress } from "./security-group-open-ingress";
import { securityGroupDescriptions } from "./security-group-descriptions";
import { albDropInvalidHeaders } from "./alb-drop-invalid-headers";
import { albDeletionProtection } from "./alb-deletion-protection";
import { albTlsPolicy } from "./alb-tls-policy";
import { albHttpRedirect } from "./alb-http-redirect";
import { albAccessLogs } from "./alb-access-logs";
import { targetGroupHealthCheck } from "./target-group-health-check";
import { asgElbHealthCheck } from "./asg-elb-health-check";
import { asgMultiAz } from "./asg-multi-az";
import { s3Versioning } from "./s3-versioning";
import { s3Encryption } from "./s3-encryption";
import { s3PublicAccessBlock } from "./s3-public-access-block";
import { s3TlsOnly } from "./s3-tls-only";
import { s3AclsDisabled } from "./s3-acls-disabled";
import { iamNoWildcardAction } from "./iam-no-wildcard-action";
import { iamNoServiceWildcard } from "./iam-no-service-wildcard";
import { iamScopedResources } from "./iam-scoped-resources";
import { iamPassRole } from "./iam-pass-role";
import { iamTrustServices } from "./iam-trust-services";
import { resourcePolicyServiceKeys } from "./resource-policy-service-keys";
import { iamManagedPolicies } from "./iam-managed-policies";
import { codebuildUnprivileged } from "./codebuild-unprivileged";
import { codebuildLogs } from "./codebuild-logs";
import { codebuildArtifactsEncrypted } from "./codebuild-artifacts-encrypted";
import { logGroupRetention } from "./log-group-retention";
import { snsEncrypted } from "./sns-encrypted";
import { alarmActions } from "./alarm-actions";
import { alarmNamespace } from "./alarm-namespace";
import { codedeployRollback } from "./codedeploy-rollback";
import { codedeployAlarms } from "./codedeploy-alarms";
import { codedeployConfig } from "./codedeploy-config";
import { codedeployTargetGroup } from "./codedeploy-target-group";
import { lambdaUrlAuth } from "./lambda-url-auth";
import { lambdaLogGroup } from "./lambda-log-group";
import { lambdaTracing } from "./lambda-tracing";
import { lambdaReservedConcurrency } from "./lambda-reserved-concurrency";
import { nameLength } from "./name-length";

/** The rule pack, in the order of the README's rule table. */
export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
  launchTemplateImdsv2,
  launchTemplateEbsEncrypted,
  instanceNoPublicIp,
  securityGroupOpenIngress,
  securityGroupDescriptions,
  albDropInvalidHeaders,
  albDeletionProtection,
  albTlsPolicy,
  albHttpRedirect,
  albAccessLogs,
  targetGroupHealthCheck,
  asgElbHealthCheck,
  asgMultiAz,
  s3Versioning,
  s3Encryption,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3AclsDisabled,
  iamNoWildcardAction,
  iamNoServiceWildcard,
  iamScopedResources,
  iamPassRole,
  iamTrustServices,
  resourcePolicyServiceKeys,
  iamManagedPolicies,
  codebuildUnprivileged,
  codebuildLogs,
  codebuildArtifactsEncrypted,
  logGroupRetention,
  snsEncrypted,
  alarmActions,
  alarmNamespace,
  codedeployRollback,
  codedeployAlarms,
  codedeployConfig,
  codedeployTargetGroup,
  lambdaUrlAuth,
  lambdaLogGroup,
  lambdaTracing,
  lambdaReservedConcurrency,
  nameLength,
];
