// The import report: one line per problem (row, column, code, message …) and a summary at the end, as CSV or XLSX
// (chosen by the file name). CSV is written in UTF-8 with a BOM, so Excel and WPS open it with the Chinese intact.
// Lines are written as they come (flat memory).
import { closeSync, openSync, writeSync } from "node:fs";
import type { ImportSummary } from "./import-summary.js";
import {
  PROBLEM_HEADER,
  STOPPED_LABEL,
  problemCells,
  summaryRows,
  type ReportCell,
} from "./report-layout.js";
import type { RowProblem } from "./row-reader.js";
import type { ReportSink } from "./report-sink.js";
import { XlsxReportWriter } from "./xlsx-report-writer.js";

export { chineseText } from "./report-layout.js";

export type { ReportSink } from "./report-sink.js";

export { csvCell } from "./csv-cell.js";
import { csvCell } from "./csv-cell.js";

export class CsvReportWriter implements ReportSink {
  #fd: number;
  #buffer: string[] = [];
  #size = 0;

  constructor(readonly path: string) {
    this.#fd = openSync(path, "w");
    writeSync(this.#fd, "\uFEFF");
    this.#line([...PROBLEM_HEADER]);
  }

  problem(p: RowProblem): void {
    this.#line(problemCells(p));
  }

  finish(s: ImportSummary): void {
    this.#line([]);
    for (const r of summaryRows(s)) this.#line(r);
    this.#flush();
    closeSync(this.#fd);
  }

  abandon(reason: string): void {
    this.#line([]);
    this.#line([STOPPED_LABEL, reason]);
    this.#flush();
    closeSync(this.#fd);
  }

  #line(cells: ReportCell[]): void {
    const text = cells.map(csvCell).join(",") + "\r\n";
    this.#buffer.push(text);
    this.#size += text.length;
    if (this.#size > 1 << 16) this.#flush();
  }

  #flush(): void {
    if (this.#buffer.length === 0) return;
    writeSync(this.#fd, this.#buffer.join(""));
    this.#buffer = [];
    this.#size = 0;
  }
}

/** Picks the report writer from the file name: .xlsx → XLSX workbook; anything else → CSV. */
export function openReport(path: string): ReportSink & { path: string } {
  return /\.xlsx$/iu.test(path) ? new XlsxReportWriter(path) : new CsvReportWriter(path);
}

/** One sink feeding several (the terminal and a file, or the CSV and XLSX reports of an HTTP job). */
export function teeReport(sinks: readonly ReportSink[]): ReportSink {
  return {
    problem: (p) => {
      for (const s of sinks) s.problem(p);
    },
    finish: async (summary) => {
      await settleAll(sinks.map((s) => () => s.finish(summary)));
    },
    abandon: async (reason) => {
      await settleAll(sinks.map((s) => () => s.abandon(reason)));
    },
  };
}

/** Runs every close even when one fails (each file is closed), then throws the first failure. */
async function settleAll(steps: (() => void | Promise<void>)[]): Promise<void> {
  const results = await Promise.allSettled(steps.map(async (step) => step()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
