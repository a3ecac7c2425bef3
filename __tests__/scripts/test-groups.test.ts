import { readdirSync, readFileSync } from "fs";
import { join, relative } from "path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GROUPS, groupIndex } = require("../support/groups");

// `npm run test:quick` is the edit-test loop without Terraform, Apache/bats, the cdktf CLI or
// actionlint (budget 30 s): a suite that drives one of them must be in a slow group of
// __tests__/support/groups.js, or it silently lands in the quick loop.
const TESTS = join(__dirname, "..");
const DRIVES_EXTERNAL_TOOL = /toBeValidTerraform|runTerraformTest|prepareTerraformTestDir|validateTogether|describeBats|describeExamples|describeEnvironmentStack|spawnSync\("terraform"|execFileSync\("terraform"/;

const testFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? testFiles(join(dir, entry.name)) : entry.name.endsWith(".test.ts") ? [join(dir, entry.name)] : [],
  );

test("every test file that drives Terraform or bats is in a group test:quick leaves out", () => {
  const driving = testFiles(TESTS).filter((file) => file !== __filename && DRIVES_EXTERNAL_TOOL.test(readFileSync(file, "utf8")));
  expect(driving.length).toBeGreaterThan(5);
  const inQuickLoop = driving.filter((file) => {
    const index = groupIndex(file);
    return index === GROUPS.length || GROUPS[index].quick;
  });
  expect(inQuickLoop.map((file) => relative(TESTS, file))).toEqual([]);
});
