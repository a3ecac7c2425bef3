import { z } from "zod";

/** The CodeDeploy compute platform an environment deploys to: EC2 blue/green, ECS, or Lambda traffic shifting. */
export const PLATFORMS = ["ec2", "ecs", "lambda"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The platform an environment gets when it names none: the EC2 blue/green estate. */
export const DEFAULT_PLATFORM: Platform = "ec2";

export const platformSchema = z.enum(PLATFORMS, { error: `must be one of ${PLATFORMS.join(", ")}` });
