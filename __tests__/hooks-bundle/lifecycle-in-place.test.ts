import { join } from "path";
import { describeBats } from "../support/bats";

// The revision's hooks run more than once on an instance (in-place sequences, a rollback, each
// hook twice), as the CodeDeploy agent runs them, against a real Apache on 127.0.0.1. A jest
// file of its own, so that a second worker runs it beside lifecycle.test.ts.
describeBats("hook lifecycle: in-place sequences", join(__dirname, "lifecycle-in-place.bats"), 5);
