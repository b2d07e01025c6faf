// The terminal progress lines: rows and then sealing, with rates and ETA from elapsed time; redrawn in place on a
// TTY at most every interval, written as plain periodic lines elsewhere.
import { describe, expect, it } from "vitest";
import {
  TerminalProgress,
  clock,
  etaSeconds,
  progressLine,
  sealingEtaSeconds,
  sealingLine,
} from "./progress.js";

const at = (rowsRead: number, elapsedMs: number) => ({
  rowsRead,
  estimatedRows: 10_000,
  imported: rowsRead - 5,
  problems: 7,
  elapsedMs,
});

function sink(isTTY: boolean) {
  return {
    isTTY,
    text: "",
    write(s: string) {
      this.text += s;
    },
  };
}

describe("progress lines", () => {
  it("rows: count, estimate, percent, rows per second and the time left", () => {
    expect(etaSeconds(at(2_500, 1_000))).toBe(3);
    expect(etaSeconds({ ...at(0, 0) })).toBeNull();
    expect(progressLine(at(2_500, 1_000))).toBe(
      "rows 2,500 / ~10,000 25%  2,500 rows/s  ETA 0:03  stored 2,495  problems 7",
    );
    expect(progressLine({ ...at(100, 1_000), estimatedRows: 0 })).toMatch(
      /^rows 100 {2}100 rows\/s {2}ETA \? {2}stored 95/,
    );
    // An estimate that ran short (XLSX) never shows more than 100%.
    expect(progressLine({ ...at(12_000, 4_000), estimatedRows: 11_000 })).toMatch(
      /^rows 12,000 \/ ~11,000 100% {2}3,000 rows\/s {2}ETA 0:00/,
    );
  });

  it("sealing: sealed of total, documents per second with a decimal when slow, and the time left", () => {
    const p = { sealed: 120, total: 500, elapsedMs: 16_000 };
    expect(sealingEtaSeconds(p)).toBeCloseTo((380 * 16) / 120);
    expect(sealingLine(p)).toBe("sealing 120 / 500 24%  7.5 docs/s  ETA 0:51");
    expect(sealingLine({ sealed: 90_000, total: 100_000, elapsedMs: 300_000 })).toBe(
      "sealing 90,000 / 100,000 90%  300 docs/s  ETA 0:33",
    );
    expect(sealingLine({ sealed: 0, total: 0, elapsedMs: 0 })).toBe("sealing 0  0 docs/s  ETA ?");
    expect([clock(59.6), clock(75), clock(3725)]).toEqual(["1:00", "1:15", "1:02:05"]);
  });
});

describe("TerminalProgress", () => {
  it("redraws one line on a TTY, throttled, and ends it for the next phase", () => {
    let t = 0;
    const tty = sink(true);
    const meter = new TerminalProgress(tty, () => t, { intervalMs: 200 });
    meter.update(progressLine(at(10, 100)));
    t = 100;
    meter.update(progressLine(at(20, 200)));
    t = 300;
    meter.update(progressLine(at(30, 300)));
    meter.done();
    t = 400;
    meter.update(sealingLine({ sealed: 1, total: 3, elapsedMs: 100 }));
    meter.done(sealingLine({ sealed: 3, total: 3, elapsedMs: 300 }));
    const lines = tty.text.split("\n");
    expect(
      lines.map((l) =>
        l
          .split("\r\x1b[2K")
          .filter(Boolean)
          .map((x) => /^(?:rows|sealing) \d+/u.exec(x)?.[0]),
      ),
    ).toEqual([["rows 10", "rows 30"], ["sealing 1", "sealing 3"], []]);
  });

  it("writes a plain line now and then elsewhere, without escape codes, and a closing line only after one", () => {
    let t = 0;
    const pipe = sink(false);
    const meter = new TerminalProgress(pipe, () => t, { plainIntervalMs: 10_000 });
    for (t = 0; t <= 25_000; t += 1_000) meter.update(`rows ${t / 1000}`);
    meter.done("rows done");
    expect(pipe.text).toBe("rows 10\nrows 20\nrows done\n");
    // The next phase starts afresh, and a closing line equal to the last one printed is not repeated.
    pipe.text = "";
    for (t = 30_000; t <= 41_000; t += 11_000) meter.update("sealing 3 / 3");
    meter.done("sealing 3 / 3");
    expect(pipe.text).toBe("sealing 3 / 3\n");

    const quick = sink(false);
    const short = new TerminalProgress(quick, () => t);
    short.update("rows 1");
    short.done("rows 1 done");
    expect(quick.text).toBe("");
  });
});
