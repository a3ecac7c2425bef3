import { describeEnvironmentStack } from "../support/stack-suite";

describeEnvironmentStack("dev");
