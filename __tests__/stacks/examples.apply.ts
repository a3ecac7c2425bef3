import { existsSync } from "fs";
import { join } from "path";
import { exampleEnvironments } from "../support/apply-suite";

/**
 * Every example context's EC2 environment is applied to the emulator by its own file,
 * `examples/<example>.<environment>.apply.ts` (one file each, so that jest's workers run them side
 * by side). An environment on another CodeDeploy compute platform has no fleet to hand over: it is
 * listed as skipped, by name, with that reason.
 */
const environments = exampleEnvironments();
if (environments.length === 0) test.todo("examples/: no example contexts yet");
for (const { example, environment, platform } of environments) {
  const file = join(__dirname, "examples", `${example}.${environment}.apply.ts`);
  if (platform !== "ec2") {
    test.skip(`examples/${example}.json ${environment}: platform ${platform} — the apply suite plays the EC2 blue/green fleet handover only`, () => undefined);
  } else {
    test(`examples/${example}.json ${environment} is applied by __tests__/stacks/examples/${example}.${environment}.apply.ts`, () => {
      expect(existsSync(file)).toBe(true);
    });
  }
}
