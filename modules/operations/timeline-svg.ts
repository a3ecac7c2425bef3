import { Controller, formatSeconds, Phase, Timeline } from "./timeline";

/**
 * The README's picture of the deployment timelines: per environment a bar for the fastest and one
 * for the timeout-bound deployment, phases to scale up to the moment traffic has left the
 * original fleet, then the termination wait (the rollback window), drawn shortened and labelled
 * with its length. Deterministic output (no dates, fixed number formatting), so a test can
 * compare it with the committed file.
 */
const WIDTH = 1000;
const LEFT = 150;
const SCALE_WIDTH = 520;
const WAIT_WIDTH = 125;
const BAR_HEIGHT = 18;
const COLORS: Record<Controller, string> = {
  configuration: "#2b6cb0",
  "appspec.yml": "#2f855a",
  "user data": "#dd6b20",
  AWS: "#718096",
  "AWS (estimate)": "#cbd5e0",
};

export function renderTimelineSvg(timelines: Timeline[]): string {
  const maxBound = Math.max(...timelines.map((t) => t.toTrafficSwitched.bound));
  const tick = maxBound > 3600 ? 900 : 300;
  const axisEnd = Math.ceil(maxBound / tick) * tick;
  const x = (seconds: number) => LEFT + (seconds / axisEnd) * SCALE_WIDTH;
  const parts: string[] = [];
  let y = 30;
  parts.push(text(LEFT, 18, "Blue/green deployment timeline per environment (npm run timeline -- <stack>)", { weight: "bold", size: 14 }));
  for (const t of timelines) {
    y += 14;
    parts.push(
      text(12, y, `${t.stack}`, { weight: "bold", size: 13 }),
      text(LEFT, y, `${t.instances} instance${t.instances === 1 ? "" : "s"}, ${t.deploymentConfig}, ${t.batches} batch${t.batches === 1 ? "" : "es"} of ${t.batchSize}`, { size: 12, fill: "#4a5568" }),
    );
    y += 8;
    for (const kind of ["fastest", "bound"] as const) {
      parts.push(text(24, y + 13, kind === "fastest" ? "fastest" : "timeout-bound", { size: 12 }));
      let at = 0;
      for (const phase of t.phases) {
        if (phase.id === "termination-wait" || phase[kind] === 0) continue;
        parts.push(segment(x(at), y, x(at + phase[kind]) - x(at), phase));
        at += phase[kind];
      }
      const switchedAt = x(at);
      parts.push(`<line x1="${n(switchedAt)}" y1="${y - 3}" x2="${n(switchedAt)}" y2="${y + BAR_HEIGHT + 3}" stroke="#1a202c" stroke-width="2"/>`);
      parts.push(text(switchedAt + 4, y + 13, formatSeconds(at), { size: 11 }));
      const waitX = LEFT + SCALE_WIDTH + 85;
      parts.push(
        `<rect x="${waitX}" y="${y}" width="${WAIT_WIDTH}" height="${BAR_HEIGHT}" fill="${COLORS.configuration}" fill-opacity="0.35" stroke="${COLORS.configuration}"><title>blue termination wait: ${formatSeconds(t.rollbackWindow)}</title></rect>`,
        text(waitX + 6, y + 13, `+ ${formatSeconds(t.rollbackWindow)} wait`, { size: 11 }),
        text(waitX + WAIT_WIDTH + 6, y + 13, `= ${formatSeconds(at + t.rollbackWindow)}`, { size: 11 }),
      );
      y += BAR_HEIGHT + 6;
    }
    y += 10;
  }
  // axis
  parts.push(`<line x1="${LEFT}" y1="${y}" x2="${LEFT + SCALE_WIDTH}" y2="${y}" stroke="#4a5568"/>`);
  for (let s = 0; s <= axisEnd; s += tick) {
    parts.push(`<line x1="${n(x(s))}" y1="${y}" x2="${n(x(s))}" y2="${y + 4}" stroke="#4a5568"/>`, text(x(s) - 10, y + 16, `${s / 60} min`, { size: 10 }));
  }
  parts.push(text(LEFT + SCALE_WIDTH + 85, y + 16, "rollback window (not to scale)", { size: 10 }));
  y += 34;
  let lx = LEFT;
  for (const [controller, color] of Object.entries(COLORS)) {
    parts.push(`<rect x="${n(lx)}" y="${y - 10}" width="12" height="12" fill="${color}"/>`, text(lx + 16, y, `set by ${controller}`, { size: 11 }));
    lx += 28 + (`set by ${controller}`.length * 6.2);
  }
  parts.push(text(LEFT, y + 18, "Black line: traffic has left the original fleet. Hover a segment for its phase and figure.", { size: 11, fill: "#4a5568" }));
  y += 28;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    `<rect width="${WIDTH}" height="${y}" fill="#ffffff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

function segment(x: number, y: number, width: number, phase: Phase): string {
  return `<rect x="${n(x)}" y="${y}" width="${n(Math.max(width, 0.5))}" height="${BAR_HEIGHT}" fill="${COLORS[phase.controlledBy]}" stroke="#ffffff" stroke-width="0.5"><title>${escape(phase.name)}</title></rect>`;
}

function text(x: number, y: number, content: string, style: { size: number; weight?: string; fill?: string }): string {
  const weight = style.weight ? ` font-weight="${style.weight}"` : "";
  return `<text x="${n(x)}" y="${y}" font-size="${style.size}"${weight} fill="${style.fill ?? "#1a202c"}">${escape(content)}</text>`;
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function escape(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
