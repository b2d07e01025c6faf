// A problem with the register file as a whole (unreadable, no header, columns missing): the import stops before
// storing anything. Row problems are never thrown; they go to the report.
import { IMPORT_CODES, type ImportCode } from "./import-codes.js";

export class ImportError extends Error {
  readonly code: ImportCode;
  /** One line per specific problem (missing columns, say), for the operator. */
  readonly details: readonly string[];

  constructor(code: ImportCode, message?: string, details: readonly string[] = []) {
    super(message ?? IMPORT_CODES[code].en);
    this.name = "ImportError";
    this.code = code;
    this.details = details;
  }
}
