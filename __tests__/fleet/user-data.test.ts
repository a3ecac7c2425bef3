import { join } from "path";
import { describeBats } from "../support/bats";

// The rendered user data executed end to end in a sandbox root (stand-ins for IMDS, the agent
// bucket, dnf, systemd and the CloudWatch agent; a real Apache on 127.0.0.1).
describeBats("user data bootstrap in a sandbox", join(__dirname, "user-data.bats"), 8);
