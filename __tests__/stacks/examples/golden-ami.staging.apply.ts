import { describeAppliedExample } from "../../support/apply-suite";

describeAppliedExample("golden-ami", "staging");
