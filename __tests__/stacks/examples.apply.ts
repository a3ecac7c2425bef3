import { existsSync, readdirSync, readFileSync } from "fs";
import { join } from "path";
import { resolveConfig } from "../../modules/config";
import { describeAppliedStack } from "../support/apply-suite";

/**
 * Every example context (`examples/<name>.json`: a cdktf.json, or its `context` alone) applied to
 * the emulator like the default stacks: each EC2 environment stack it synthesizes. The harness
 * plays the EC2 blue/green handover (Auto Scaling groups copied and deleted as CodeDeploy does);
 * an environment on another CodeDeploy compute platform has no fleet to hand over, so it is
 * skipped, by name, with that reason.
 */
const EXAMPLES = join(__dirname, "..", "..", "examples");
const files = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((f) => f.endsWith(".json")).sort() : [];

if (files.length === 0) test.todo("examples/: no example contexts yet");
for (const file of files) {
  const json = JSON.parse(readFileSync(join(EXAMPLES, file), "utf8"));
  const context = json.context ?? json;
  describe(`example ${file}`, () => {
    for (const environment of resolveConfig(context).environments) {
      // `platform` (ec2 unless set) arrives with the ECS and Lambda platforms.
      const platform = (environment as { platform?: string }).platform ?? "ec2";
      if (platform === "ec2") describeAppliedStack(environment, { context });
      else test.skip(`${environment.names.stem}: platform ${platform} — the apply suite plays the EC2 blue/green fleet handover only`, () => undefined);
    }
  });
}
