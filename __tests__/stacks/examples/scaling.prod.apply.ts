import { describeAppliedExample } from "../../support/apply-suite";

describeAppliedExample("scaling", "prod");
