// The import report as an XLSX workbook: sheet "问题 Problems" with a row per problem (row, column, code, message in
// English and Chinese …) and sheet "汇总 Summary". Written as a stream with exceljs's WorkbookWriter: each problem row
// is committed as it comes, so a report of a million problems does not sit in memory.
import { createWriteStream, openSync } from "node:fs";
import ExcelJS from "exceljs";
import type { ImportSummary } from "./import-summary.js";
import { PROBLEM_HEADER, STOPPED_LABEL, problemCells, summaryRows } from "./report-layout.js";
import type { ReportSink } from "./report-sink.js";
import type { RowProblem } from "./row-reader.js";

export const PROBLEMS_SHEET = "问题 Problems";
export const SUMMARY_SHEET = "汇总 Summary";

/** Column widths in characters, for a report that reads well when opened. */
const PROBLEM_WIDTHS = [8, 6, 22, 34, 70, 50, 22, 24, 44];

export class XlsxReportWriter implements ReportSink {
  readonly #workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  readonly #problems: ExcelJS.Worksheet;
  #closed: Promise<void> | null = null;
  #error: Error | null = null;

  constructor(readonly path: string) {
    // Opened here so that a path that cannot be written fails now, as the CSV writer does, not in the background.
    const stream = createWriteStream(path, { fd: openSync(path, "w") });
    stream.on("error", (e: Error) => {
      this.#error ??= e;
    });
    this.#workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
    this.#problems = this.#workbook.addWorksheet(PROBLEMS_SHEET, {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    this.#problems.columns = PROBLEM_WIDTHS.map((width) => ({ width }));
    const header = this.#problems.addRow([...PROBLEM_HEADER]);
    header.font = { bold: true };
    header.commit();
  }

  problem(p: RowProblem): void {
    this.#problems.addRow(problemCells(p)).commit();
  }

  finish(s: ImportSummary): Promise<void> {
    return this.#close((sheet) => {
      for (const r of summaryRows(s)) sheet.addRow(r).commit();
    });
  }

  abandon(reason: string): Promise<void> {
    return this.#close((sheet) => {
      sheet.addRow([STOPPED_LABEL, reason]).commit();
    });
  }

  #close(fill: (summary: ExcelJS.Worksheet) => void): Promise<void> {
    this.#closed ??= (async () => {
      // The problems sheet is finished before the summary sheet starts: the ZIP is written one sheet after the other.
      this.#problems.commit();
      const summary = this.#workbook.addWorksheet(SUMMARY_SHEET);
      summary.columns = [{ width: 34 }, { width: 70 }];
      fill(summary);
      summary.commit();
      await this.#workbook.commit();
      if (this.#error) throw this.#error;
    })();
    return this.#closed;
  }
}
