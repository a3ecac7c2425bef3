import { z } from "zod";
import { settingPath } from "./kit";
import { formatValue } from "./problems";

/**
 * The CodeDeploy compute platform an environment runs on (CodeDeploy's own three: EC2/On-Premises
 * "Server", ECS, Lambda). `ec2` is the default; main.ts picks the stack class by it.
 */
export const PLATFORMS = ["ec2", "ecs", "lambda"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The platform an environment gets when it names none: the EC2 blue/green estate. */
export const DEFAULT_PLATFORM: Platform = "ec2";

export const platformSchema = z.enum(PLATFORMS, { error: `must be one of ${PLATFORMS.join(", ")}` });

/**
 * What a platform other than ec2 makes of the environment's keys: its own settings block, which
 * no other platform reads, and the EC2 keys it reads too; every other EC2 key it would ignore.
 */
export interface PlatformKeyContract {
  readonly platform: Exclude<Platform, "ec2">;
  /** The block's name in the environment and in messages, e.g. `lambda` and "Lambda". */
  readonly block: string;
  readonly blockTitle: string;
  /** EC2 keys the platform reads. */
  readonly readsEc2Keys: readonly string[];
  /** Why an EC2 key does nothing there, after `platform "<p>"`. */
  readonly ignoresBecause: string;
  /** A refused EC2 key → the hint in parentheses (default: remove it, or set platform "ec2"). */
  readonly hints: Readonly<Record<string, string>>;
}

/** A key the environment's platform would not read, refused, with the key it is about. */
export interface RefusedKey {
  readonly key: string;
  readonly problem: string;
}

/**
 * Every key an environment sets that its platform would not read: on a platform with a contract,
 * the EC2 keys (`ec2Keys`) it does not read; on any other, that platform's block. In the order of
 * `contracts`, then of the environment's keys.
 */
export function platformKeyProblems(
  name: string,
  platform: Platform,
  raw: Record<string, unknown>,
  ec2Keys: readonly string[],
  contracts: readonly PlatformKeyContract[],
): RefusedKey[] {
  const setKeys = Object.keys(raw).filter((key) => raw[key] !== undefined);
  return contracts.flatMap((contract): RefusedKey[] => {
    if (platform !== contract.platform) {
      return setKeys.includes(contract.block)
        ? [
            {
              key: contract.block,
              problem: `${settingPath(name, contract.block)}: ${formatValue(raw[contract.block])} — ${contract.blockTitle} settings apply only to platform "${contract.platform}" (set platform to "${contract.platform}", or remove them)`,
            },
          ]
        : [];
    }
    return setKeys
      .filter((key) => ec2Keys.includes(key) && !contract.readsEc2Keys.includes(key))
      .map((key) => ({
        key,
        problem:
          `${settingPath(name, key)}: ${formatValue(raw[key])} — an EC2 setting; platform "${contract.platform}" ${contract.ignoresBecause}` +
          ` (${contract.hints[key] ?? 'remove it, or set platform "ec2"'})`,
      }));
  });
}
