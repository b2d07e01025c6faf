// Public surface of bulk conversion (paper register → licences): the CLI and the HTTP upload use this.
export { runImport, type ImportDeps, type ImportOptions } from "./run-import.js";
export type { ImportCounts, ImportSummary } from "./import-summary.js";
export { IMPORT_CODES, type ImportCode } from "./import-codes.js";
export { ImportError } from "./import-error.js";
export { CsvReportWriter, openReport, teeReport, type ReportSink } from "./report-writer.js";
export { XlsxReportWriter, PROBLEMS_SHEET, SUMMARY_SHEET } from "./xlsx-report-writer.js";
export { PROBLEM_HEADER, chineseText } from "./report-layout.js";
export {
  TerminalProgress,
  progressLine,
  sealingLine,
  rowsPerSecond,
  docsPerSecond,
  etaSeconds,
  sealingEtaSeconds,
  type ImportProgress,
  type SealingProgress,
} from "./progress.js";
export { inspectFile, type FileFacts, type RegisterFormat, type TextEncodingName } from "./file-facts.js";
export { CsvParser, type CsvRecord } from "./csv-parser.js";
export { openRows, type RowSource, type SourceRow } from "./row-source.js";
export type { RowProblem } from "./row-reader.js";
export { parseDateCell, splitList } from "./cell-values.js";
export { templateColumns, type TemplateColumn } from "./import-template.js";
export {
  templateCsv,
  templateXlsx,
  templateFileName,
  TEMPLATE_SHEET,
  LISTS_SHEET,
  type TemplateFormat,
} from "./import-template-files.js";
