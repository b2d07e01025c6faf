// Progress of an import for a terminal or the progress endpoint: rows (rows/s, ETA), then the background sealing of
// the stored licences (sealed/total, docs/s, ETA). On a TTY one line is redrawn a few times a second; elsewhere (a
// log file, CI) a plain line is written now and then, so logs show progress without being flooded.

export interface ImportProgress {
  rowsRead: number;
  /** Rows expected in all: an upper bound from a CSV's line count, an estimate for XLSX; 0 when unknown. */
  estimatedRows: number;
  imported: number;
  problems: number;
  elapsedMs: number;
}

export interface SealingProgress {
  sealed: number;
  /** Licences waiting to be sealed in all (sealed ones included); 0 when unknown. */
  total: number;
  elapsedMs: number;
}

export function rowsPerSecond(p: ImportProgress): number {
  return p.elapsedMs > 0 ? (p.rowsRead * 1000) / p.elapsedMs : 0;
}

/** Seconds left at the current rate; null when unknown. */
export function etaSeconds(p: ImportProgress): number | null {
  return eta(p.rowsRead, p.estimatedRows, rowsPerSecond(p));
}

export function docsPerSecond(p: SealingProgress): number {
  return p.elapsedMs > 0 ? (p.sealed * 1000) / p.elapsedMs : 0;
}

export function sealingEtaSeconds(p: SealingProgress): number | null {
  return eta(p.sealed, p.total, docsPerSecond(p));
}

function eta(done: number, total: number, rate: number): number | null {
  if (rate <= 0 || total <= 0) return null;
  return Math.max(0, (total - done) / rate);
}

/** 75 → 1:15, 3725 → 1:02:05. */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mm = String(m).padStart(h > 0 ? 2 : 1, "0");
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s % 60).padStart(2, "0")}`;
}

const n = (x: number) => Math.round(x).toLocaleString("en-US");
/** Rates under 10 keep one decimal: sealing runs at a few documents a second on a small machine. */
const rate = (x: number) => (x > 0 && x < 10 ? x.toFixed(1) : n(x));
const percent = (done: number, total: number) =>
  total > 0 ? ` ${Math.min(100, Math.floor((done * 100) / total))}%` : "";

export function progressLine(p: ImportProgress): string {
  const total = p.estimatedRows > 0 ? ` / ~${n(p.estimatedRows)}` : "";
  const left = etaSeconds(p);
  return `rows ${n(p.rowsRead)}${total}${percent(p.rowsRead, p.estimatedRows)}  ${rate(rowsPerSecond(p))} rows/s  ETA ${left === null ? "?" : clock(left)}  stored ${n(p.imported)}  problems ${n(p.problems)}`;
}

export function sealingLine(p: SealingProgress): string {
  const total = p.total > 0 ? ` / ${n(p.total)}` : "";
  const left = sealingEtaSeconds(p);
  return `sealing ${n(p.sealed)}${total}${percent(p.sealed, p.total)}  ${rate(docsPerSecond(p))} docs/s  ETA ${left === null ? "?" : clock(left)}`;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface TerminalProgressOptions {
  /** Least time between redraws on a TTY (default 200 ms). */
  intervalMs?: number;
  /** Least time between plain lines elsewhere (default 10 s). */
  plainIntervalMs?: number;
}

/** Shows one progress line: redrawn in place on a TTY, printed as a plain line now and then elsewhere. */
export class TerminalProgress {
  readonly #intervalMs: number;
  readonly #plainIntervalMs: number;
  #last = -Infinity;
  #drawn = false;
  #lastLine = "";

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number,
    options: TerminalProgressOptions = {},
  ) {
    this.#intervalMs = options.intervalMs ?? 200;
    this.#plainIntervalMs = options.plainIntervalMs ?? 10_000;
  }

  update(line: string): void {
    const t = this.now();
    if (this.stream.isTTY) {
      if (t - this.#last < this.#intervalMs) return;
      this.stream.write(`\r\x1b[2K${line}`);
      this.#drawn = true;
    } else {
      // The first plain line waits a full interval: a short import prints only its summary.
      if (this.#last === -Infinity) this.#last = t;
      if (t - this.#last < this.#plainIntervalMs) return;
      this.stream.write(`${line}\n`);
      this.#drawn = true;
      this.#lastLine = line;
    }
    this.#last = t;
  }

  /** Shows the final line (if given) and ends the line, so the next phase or the summary starts on a new one. */
  done(line?: string): void {
    if (this.stream.isTTY) {
      if (line !== undefined) this.stream.write(`\r\x1b[2K${line}`);
      if (line !== undefined || this.#drawn) this.stream.write("\n");
    } else if (line !== undefined && this.#drawn && line !== this.#lastLine) {
      // Plain output: a final line only after progress lines, to close them; otherwise the summary says it all.
      this.stream.write(`${line}\n`);
    }
    this.#last = -Infinity;
    this.#drawn = false;
    this.#lastLine = "";
  }
}
