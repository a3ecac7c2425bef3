import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isStale, listInputs, writeStamp } = require("../../scripts/lib/staleness");

// The rebuild rule of both bundles (the app's dist/main.js and the day-two commands').
describe("bundle staleness (scripts/lib/staleness.js)", () => {
  let root: string;
  const output = () => join(root, "out.js");
  const stamp = () => join(root, "out.stamp");
  const inputs = () => listInputs(["main.ts", "modules"], ["package-lock.json"], root);
  const built = () => {
    writeFileSync(output(), "");
    writeStamp(inputs(), stamp());
    const later = Date.now() / 1000 + 10;
    utimesSync(stamp(), later, later);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "staleness-"));
    mkdirSync(join(root, "modules", "a"), { recursive: true });
    for (const file of ["main.ts", "modules/a/x.ts", "modules/a/types.d.ts", "modules/a/notes.md", "package-lock.json"]) writeFileSync(join(root, file), "");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("inputs are the .ts sources under the roots, sorted, without declarations, then the extras", () => {
    expect(inputs()).toEqual(["main.ts", "modules/a/x.ts", "package-lock.json"]);
  });

  test("stale without an output or a stamp; fresh right after a build", () => {
    expect(isStale(inputs(), output(), stamp(), root)).toBe(true);
    built();
    expect(isStale(inputs(), output(), stamp(), root)).toBe(false);
  });

  test.each([
    ["a source changed", () => utimesSync(join(root, "modules/a/x.ts"), Date.now() / 1000 + 60, Date.now() / 1000 + 60)],
    ["a source was added", () => writeFileSync(join(root, "modules/a/y.ts"), "")],
    ["a source was deleted", () => rmSync(join(root, "modules/a/x.ts"))],
    ["the lockfile changed", () => utimesSync(join(root, "package-lock.json"), Date.now() / 1000 + 60, Date.now() / 1000 + 60)],
    ["the output is gone", () => rmSync(join(root, "out.js"))],
  ])("stale when %s", (_what, change) => {
    built();
    change();
    expect(isStale(inputs(), output(), stamp(), root)).toBe(true);
  });
});
