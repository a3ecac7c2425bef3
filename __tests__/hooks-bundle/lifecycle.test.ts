import { join } from "path";
import { describeBats } from "../support/bats";

// The revision's hooks as the CodeDeploy agent runs them, on an instance prepared by the
// rendered user data, against a real Apache on 127.0.0.1.
describeBats("hook lifecycle scenarios", join(__dirname, "lifecycle.bats"), 15);
