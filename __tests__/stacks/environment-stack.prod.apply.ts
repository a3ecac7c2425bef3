import { environmentConfig } from "../support/stacks";
import { describeAppliedStack } from "../support/apply-suite";

const environment = environmentConfig("prod");
describeAppliedStack(environment);
