import { join } from "path";
import { describeBats } from "../support/bats";

// scripts/fleet-capacity.sh: resizing whichever fleet serves now (seed or CodeDeploy's copy).
describeBats("fleet capacity script", join(__dirname, "fleet-capacity.bats"), 10);
