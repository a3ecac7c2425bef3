import { describeAppliedExample } from "../../support/apply-suite";

describeAppliedExample("access-logs-waf", "prod");
