// Progress of an import (rows/s, ETA) for a terminal or, later, a progress endpoint. The meter redraws one line on a
// TTY at most a few times a second; elsewhere it stays silent so logs are not flooded.

export interface ImportProgress {
  rowsRead: number;
  /** An upper bound from the file's line count; 0 when unknown. */
  estimatedRows: number;
  imported: number;
  problems: number;
  elapsedMs: number;
}

export function rowsPerSecond(p: ImportProgress): number {
  return p.elapsedMs > 0 ? (p.rowsRead * 1000) / p.elapsedMs : 0;
}

/** Seconds left at the current rate; null when unknown. */
export function etaSeconds(p: ImportProgress): number | null {
  const rate = rowsPerSecond(p);
  if (rate <= 0 || p.estimatedRows <= 0) return null;
  return Math.max(0, (p.estimatedRows - p.rowsRead) / rate);
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mm = String(m).padStart(h > 0 ? 2 : 1, "0");
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s % 60).padStart(2, "0")}`;
}

export function progressLine(p: ImportProgress): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  const total = p.estimatedRows > 0 ? ` / ~${n(p.estimatedRows)}` : "";
  const pct =
    p.estimatedRows > 0 ? ` ${Math.min(100, Math.floor((p.rowsRead * 100) / p.estimatedRows))}%` : "";
  const eta = etaSeconds(p);
  return `rows ${n(p.rowsRead)}${total}${pct}  ${n(rowsPerSecond(p))} rows/s  ETA ${eta === null ? "?" : clock(eta)}  stored ${n(p.imported)}  problems ${n(p.problems)}`;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export class TerminalProgress {
  #last = -Infinity;
  #drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number,
    private readonly intervalMs = 200,
  ) {}

  update(p: ImportProgress): void {
    if (!this.stream.isTTY) return;
    const t = this.now();
    if (t - this.#last < this.intervalMs) return;
    this.#last = t;
    this.stream.write(`\r\x1b[2K${progressLine(p)}`);
    this.#drawn = true;
  }

  /** Leaves the last line in place and moves to a new one. */
  done(p?: ImportProgress): void {
    if (!this.stream.isTTY) return;
    if (p) this.stream.write(`\r\x1b[2K${progressLine(p)}`);
    if (p || this.#drawn) this.stream.write("\n");
  }
}
