import { describeAppliedExample } from "../../support/apply-suite";

describeAppliedExample("java-8080", "dev");
