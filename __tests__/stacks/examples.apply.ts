import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { resolveConfig } from "../../modules/config";
import { describeAppliedStack } from "../support/apply-suite";

/**
 * Every example context (`examples/<name>.json`: a cdktf.json, or its `context` alone) applied to
 * the emulator like the default stacks: each environment stack it synthesizes.
 */
const EXAMPLES = join(__dirname, "..", "..", "examples");
const files = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((f) => f.endsWith(".json")).sort() : [];

if (files.length === 0) test.todo("examples/: no example contexts yet");
for (const file of files) {
  const json = JSON.parse(readFileSync(join(EXAMPLES, file), "utf8"));
  const context = json.context ?? json;
  describe(`example ${file}`, () => {
    for (const environment of resolveConfig(context).environments) {
      describeAppliedStack(environment, { context });
    }
  });
}
