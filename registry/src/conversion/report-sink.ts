// What an import report is to the importer: a sink for problems and a summary. Its own module so that the writers
// (report-writer.ts for CSV and the choice, xlsx-report-writer.ts for XLSX) implement it without importing each other.
import type { ImportSummary } from "./import-summary.js";
import type { RowProblem } from "./row-reader.js";

export interface ReportSink {
  problem(p: RowProblem): void;
  /** Writes the summary and closes; the report is complete when the promise (if any) settles. */
  finish(summary: ImportSummary): void | Promise<void>;
  /** The import stopped with an error: say so at the end of what was written, and close. */
  abandon(reason: string): void | Promise<void>;
}
