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

  test("on a terminal: a spinner line rewritten in place, ending with the outcome", () => {
    const stream = capture(true);
    const progress = createProgress(stream, { interactive: true });
    progress.update("d-1 InProgress");
    progress.finish("d-1 Failed", "failed");
    expect(stream.text).toContain("d-1 InProgress");
    expect(stream.text).toContain("d-1 Failed\n");
    expect(stream.text).toMatch(/\x1b\[/); // cursor control: the line is redrawn, not appended
  });
});
