import { existsSync } from "fs";
import { join } from "path";
import { ConfigError } from "../config";
import { readContextFile } from "../config/context-file";
import { EXIT } from "./exit-codes";

/**
 * Entry point of the bundled commands (scripts/operations.js): argv is `<command> <stack> …`,
 * the context is cdktf.json's, as the app reads it. The timeline needs no AWS: it loads without
 * the SDK.
 */
async function main(argv: string[]): Promise<number> {
  const file = join(process.cwd(), "cdktf.json");
  let context: Record<string, unknown>;
  try {
    context = existsSync(file) ? readContextFile(file) : {};
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return EXIT.USAGE;
  }
  const io = { context, stdout: process.stdout, stderr: process.stderr };
  if (argv[0] === "timeline") return (await import("./timeline-cli")).runTimeline(argv.slice(1), { ...io, root: process.cwd() });
  return (await import("./cli")).runCommand(argv, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 70; // an unexpected failure of the tool itself (EX_SOFTWARE), never a deployment outcome
  },
);
