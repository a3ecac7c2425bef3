import { describeEnvironmentStack } from "../support/stack-suite";

// prod, the strictest stack (deletion protection, approval), also runs the scenarios that are the
// same for every stack: the later handover and the plan-time preconditions.
describeEnvironmentStack("prod", { runSettingsIndependentScenarios: true });
