import { z } from "zod";

/**
 * The CodeDeploy compute platform an environment runs on (CodeDeploy's own three: EC2/On-Premises
 * "Server", ECS, Lambda). `ec2` is the default; main.ts picks the stack class by it.
 */
export const PLATFORMS = ["ec2", "ecs", "lambda"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The platform an environment gets when it names none: the EC2 blue/green estate. */
export const DEFAULT_PLATFORM: Platform = "ec2";

export const platformSchema = z.enum(PLATFORMS, { error: `must be one of ${PLATFORMS.join(", ")}` });
