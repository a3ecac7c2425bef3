import type { GuardrailRule } from "../../rule";
import { ecsAwsvpc, ecsLogging, ecsNoPrivilegedContainers, ecsReadOnlyRootFilesystem } from "./containers";
import { ecrScanOnPush, ecsTaskRolesScoped } from "./registry-and-roles";
import { ecsTestListenerPrivate } from "./test-listener";

/**
 * The rules of the ECS platform, applied by ECS stacks beside the common pack
 * (`Guardrails.applyTo(stack, { platformRules: ECS_GUARDRAIL_RULES })`): EC2 stacks, which have no
 * ECS resources, keep their pack and their report unchanged.
 */
export const ECS_GUARDRAIL_RULES: readonly GuardrailRule[] = [
  ecsTaskRolesScoped,
  ecsNoPrivilegedContainers,
  ecsReadOnlyRootFilesystem,
  ecsAwsvpc,
  ecsLogging,
  ecrScanOnPush,
  ecsTestListenerPrivate,
];
