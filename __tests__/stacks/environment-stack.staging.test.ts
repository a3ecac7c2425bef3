import { describeEnvironmentStack } from "../support/stack-suite";

describeEnvironmentStack("staging");
