import { createSpinner, Spinner } from "nanospinner";

/**
 * Live progress of a watched deployment. On a terminal: one spinner line rewritten in place
 * (nanospinner). Elsewhere (CI logs, pipes): a plain timestamped line each time the text changes,
 * never control characters.
 */
export interface Progress {
  update(text: string): void;
  /** Ends the live line with a final outcome. */
  finish(text: string, outcome: "ok" | "failed" | "waiting"): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export function createProgress(stream: ProgressStream, options: { now?: () => Date; interactive?: boolean } = {}): Progress {
  const interactive = options.interactive ?? (stream.isTTY === true && process.stdout.isTTY === true && !process.env.CI);
  if (interactive) return new SpinnerProgress(stream as NodeJS.WriteStream);
  return new PlainProgress(stream, options.now ?? (() => new Date()));
}

class SpinnerProgress implements Progress {
  private spinner: Spinner | undefined;
  constructor(private readonly stream: NodeJS.WriteStream) {}
  update(text: string): void {
    if (!this.spinner) this.spinner = createSpinner(text, { stream: this.stream }).start();
    else this.spinner.update({ text });
  }
  finish(text: string, outcome: "ok" | "failed" | "waiting"): void {
    const spinner = this.spinner ?? createSpinner(text, { stream: this.stream });
    if (outcome === "ok") spinner.success({ text });
    else if (outcome === "failed") spinner.error({ text });
    else spinner.warn({ text });
    this.spinner = undefined;
  }
}

class PlainProgress implements Progress {
  private last = "";
  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => Date,
  ) {}
  update(text: string): void {
    if (text === this.last) return;
    this.last = text;
    this.stream.write(`${this.now().toISOString()} ${text}\n`);
  }
  finish(text: string, outcome: "ok" | "failed" | "waiting"): void {
    const mark = { ok: "done", failed: "FAILED", waiting: "waiting" }[outcome];
    this.stream.write(`${this.now().toISOString()} ${mark}: ${text}\n`);
    this.last = "";
  }
}
