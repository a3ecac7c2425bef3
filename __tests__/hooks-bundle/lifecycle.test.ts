import { join } from "path";
import { describeBats } from "../support/bats";

// The revision's hooks in lifecycle order against a real Apache on 127.0.0.1.
describeBats("hook lifecycle scenarios", join(__dirname, "lifecycle.bats"), 12);
