// The terminal progress line: rows, rate and ETA from elapsed time, drawn only on a TTY and at most every interval.
import { describe, expect, it } from "vitest";
import { TerminalProgress, etaSeconds, progressLine } from "./progress.js";

const at = (rowsRead: number, elapsedMs: number) => ({
  rowsRead,
  estimatedRows: 10_000,
  imported: rowsRead - 5,
  problems: 7,
  elapsedMs,
});

describe("import progress", () => {
  it("computes rows per second and the time left", () => {
    expect(etaSeconds(at(2_500, 1_000))).toBe(3);
    expect(etaSeconds({ ...at(0, 0) })).toBeNull();
    expect(progressLine(at(2_500, 1_000))).toBe(
      "rows 2,500 / ~10,000 25%  2,500 rows/s  ETA 0:03  stored 2,495  problems 7",
    );
    expect(progressLine({ ...at(100, 1_000), estimatedRows: 0 })).toMatch(
      /^rows 100 {2}100 rows\/s {2}ETA \?/,
    );
  });

  it("redraws one line on a TTY, throttled, and stays silent elsewhere", () => {
    let t = 0;
    const tty = {
      isTTY: true,
      text: "",
      write(s: string) {
        this.text += s;
      },
    };
    const meter = new TerminalProgress(tty, () => t, 200);
    meter.update(at(10, 100));
    t = 100;
    meter.update(at(20, 200));
    t = 300;
    meter.update(at(30, 300));
    meter.done();
    expect(
      tty.text
        .split("\r\x1b[2K")
        .filter(Boolean)
        .map((l) => l.slice(0, 7)),
    ).toEqual(["rows 10", "rows 30"]);
    expect(tty.text.endsWith("\n")).toBe(true);

    const pipe = {
      isTTY: false,
      text: "",
      write(s: string) {
        this.text += s;
      },
    };
    const quiet = new TerminalProgress(pipe, () => t);
    quiet.update(at(10, 100));
    quiet.done(at(10, 100));
    expect(pipe.text).toBe("");
  });
});
