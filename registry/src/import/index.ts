// Public surface of bulk conversion (paper register → licences): the CLI and, later, the HTTP upload use this.
export { runImport, type ImportDeps, type ImportOptions } from "./run-import.js";
export type { ImportCounts, ImportSummary } from "./import-summary.js";
export { IMPORT_CODES, type ImportCode, type ImportCodeText } from "./import-codes.js";
export { ImportError } from "./import-error.js";
export { CsvReportWriter, openReport, type ReportSink } from "./report-writer.js";
export {
  TerminalProgress,
  progressLine,
  rowsPerSecond,
  etaSeconds,
  type ImportProgress,
} from "./progress.js";
export { inspectFile, type FileFacts, type RegisterFormat, type TextEncodingName } from "./file-facts.js";
export { CsvParser, type CsvRecord } from "./csv-parser.js";
export type { RowProblem } from "./row-reader.js";
export { parseDateCell, splitList } from "./cell-values.js";
