import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { App } from "cdktf";
import { ConfigError, ProjectConfig, resolveConfig } from "./modules/config";
import { EnvironmentStack } from "./stacks/environment-stack";

/**
 * `cdktf synth` hands the app cdktf.json's context in CDKTF_CONTEXT_JSON; run directly
 * (`node scripts/app.js`), the app reads cdktf.json itself so both paths see the same overrides.
 */
function contextFromCdktfJson(): Record<string, unknown> {
  const file = join(process.cwd(), "cdktf.json");
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, "utf8")).context ?? {}) as Record<string, unknown>;
}

const app = new App(process.env.CDKTF_CONTEXT_JSON ? {} : { context: contextFromCdktfJson() });

let config: ProjectConfig;
try {
  config = resolveConfig(app.node.getAllContext());
} catch (error) {
  if (error instanceof ConfigError) {
    // Nothing has been written yet: fail before any stack exists.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

for (const environment of config.environments) {
  new EnvironmentStack(app, environment.names.stem, { environment });
}
app.synth();
