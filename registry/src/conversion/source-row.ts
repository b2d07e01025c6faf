// What a register file is to the row reader: rows of text cells with their row numbers. Its own module so that the
// readers (row-source.ts for CSV and the choice, xlsx-rows.ts for XLSX) share it without importing each other.
import type { CsvRecord } from "./csv-parser.js";

/** `row` is the row number the spreadsheet shows; `cells[i]` is column i (0 = A). */
export type SourceRow = CsvRecord;

/** Rows of a register in file order; empty rows included (the caller skips them) so row numbers stay true. */
export interface RowSource extends AsyncIterable<SourceRow> {
  /** The rows the file holds, as far as known while reading (XLSX); absent when the file facts know better. */
  estimatedRows?(): number;
}
