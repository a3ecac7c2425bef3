import { ConfigError } from "../config";
import { readAppContext } from "../config/context-file";
import { EXIT } from "./exit-codes";

/**
 * Entry point of the bundled commands (scripts/operations.js): argv is `<command> <stack> …`,
 * the context is the app's (CDKTF_CONTEXT_JSON, else cdktf.json's: modules/config/context-file.ts). The timeline needs no AWS: it loads without
 * the SDK.
 */
async function main(argv: string[]): Promise<number> {
  // The SDK warns on Node 20 that its releases after January 2027 need Node 22; the versions here
  // are pinned, so the notice (a project decision, package.json engines) would only bury the
  // command's own output in every CI log. AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false shows it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  let context: Record<string, unknown>;
  try {
    ({ context } = readAppContext());
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
