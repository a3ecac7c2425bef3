import { describeAppliedExample } from "../../support/apply-suite";

describeAppliedExample("https-domain", "prod");
