import { createProgress } from "../../modules/operations/progress";

function capture(isTTY: boolean) {
  const stream = { isTTY, text: "", write(chunk: string) { this.text += chunk; return true; } };
  return stream;
}

describe("progress", () => {
  test("off a terminal: one timestamped plain line per change, no control characters", () => {
    const stream = capture(false);
    const progress = createProgress(stream, { now: () => new Date("2026-11-30T08:00:00Z") });
    progress.update("d-1 InProgress");
    progress.update("d-1 InProgress");
    progress.update("d-1 InProgress — instances: 1 Succeeded");
    progress.finish("d-1 Succeeded", "ok");
    expect(stream.text).toBe(
      [
        "2026-11-30T08:00:00.000Z d-1 InProgress",
        "2026-11-30T08:00:00.000Z d-1 InProgress — instances: 1 Succeeded",
        "2026-11-30T08:00:00.000Z done: d-1 Succeeded",
        "",
      ].join("\n"),
    );
  });

  // nanospinner redraws in place only when the process itself is on a terminal (not under jest):
  // here it is checked to be the one drawing, with its outcome marks instead of plain lines.
  test("on a terminal: nanospinner draws the line and ends it with the outcome's mark", () => {
    const stream = capture(true);
    const progress = createProgress(stream, { interactive: true });
    progress.update("d-1 InProgress");
    progress.finish("d-1 Failed", "failed");
    // Colours depend on the environment (picocolors turns them on under CI=true): compare without them.
    const text = stream.text.replace(/\x1b\[[0-9;]*m/g, "");
    expect(text).toContain("d-1 InProgress");
    expect(text).toMatch(/^\S d-1 InProgress\n/);
    expect(text).toMatch(/\n[✖×] d-1 Failed\n$/);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT|FAILED:/);
  });
});
