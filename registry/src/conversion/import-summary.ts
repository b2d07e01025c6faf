// What an import did, for the terminal, --json and the last lines of the report.
import type { RegisterFormat, TextEncodingName } from "./file-facts.js";

export interface ImportCounts {
  /** Rows below the header that hold anything. */
  rows: number;
  /** Blank rows skipped (below the header). */
  blank: number;
  /** Rows with at least one problem of their own (not counting duplicates and conflicts). */
  invalid: number;
  duplicates: number;
  conflicts: number;
  /** Rows converted by an earlier run of this same file (same SHA-256 and row): skipped, nothing new. */
  alreadyImported: number;
  /** Rows stored by this run; in a dry run, rows that would be stored. */
  imported: number;
}

export interface ImportSummary {
  file: string;
  fileSha256: string;
  format: RegisterFormat;
  encoding: TextEncodingName | null;
  typeCode: string;
  typeName: string;
  department: string;
  operator: string;
  dryRun: boolean;
  headerRow: number;
  columns: { header: string; targets: string[] }[];
  ignoredColumns: string[];
  counts: ImportCounts;
  /** Report lines by code. */
  problemsByCode: Record<string, number>;
  scans: { dir: string; files: number; matched: number } | null;
  seconds: number;
  rowsPerSecond: number;
  /** True when the run was cancelled between batches: what was stored stays stored; a re-run completes it. */
  cancelled: boolean;
}
