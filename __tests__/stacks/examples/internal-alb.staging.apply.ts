import { describeAppliedExample } from "../../support/apply-suite";

describeAppliedExample("internal-alb", "staging");
