import { describeAppliedExample } from "../../support/apply-suite";

describeAppliedExample("private-fleet-public-alb", "prod");
