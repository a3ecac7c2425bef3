import { environmentConfig } from "../support/stacks";
import { describeAppliedStack } from "../support/apply-suite";

const environment = environmentConfig("dev");
describeAppliedStack(environment, { cdktfCommands: true });
