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
  // The SDK warns on Node 20 that its releases after January 2027 need Node 22; the versions here
  // are pinned, so the notice (a project decision, package.json engines) would only bury the
  // command's own output in every CI log. AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false shows it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
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
