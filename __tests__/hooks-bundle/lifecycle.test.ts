import { join } from "path";
import { describeBats } from "../support/bats";

// The revision's hooks as the CodeDeploy agent runs them on fresh instances prepared by the
// rendered user data (blue/green deployments, single hooks), against a real Apache on 127.0.0.1.
// The in-place sequences are in lifecycle-in-place.test.ts, which a second worker runs at once.
describeBats("hook lifecycle scenarios", join(__dirname, "lifecycle.bats"), 10);
