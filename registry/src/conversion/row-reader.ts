// Reads one register row into an issue request for the licence service, with the problems only the register can
// have (empty paper number, unreadable dates, floats, stray cells), each named by its column header.
import type { FieldProperty, LicenceType } from "../catalogue/index.js";
import type { IssueInput } from "../licences/licence-service.js";
import { cleanCell, fieldValue, looksLikeFloat, normalisePaperNumber, parseDateCell } from "./cell-values.js";
import { columnName, type ColumnPlan } from "./column-plan.js";
import { IMPORT_CODES, type ImportCode } from "./import-codes.js";
import { FORMULA_ERROR_TEXT, FORMULA_PREFIX } from "./xlsx-cells.js";

/** One line of the report: what is wrong with one cell (or the whole row when column is ""). */
export interface RowProblem {
  /** 1-based row number as a spreadsheet shows it. */
  row: number;
  /** The column's header as written in the file; "" when the problem is about the row. */
  column: string;
  /** The column's letter as the spreadsheet shows it (A, B … AA), where the problem is about one column. */
  columnLetter?: string;
  code: string;
  message: string;
  suggestion?: string;
  paperNumber?: string;
  /** The licence already in the registry that a duplicate or conflict is about. */
  existing?: string;
}

export interface ReadRow {
  input: IssueInput;
  /** Null when the cell is empty or unusable (then a problem says why). */
  paperNumber: string | null;
  problems: RowProblem[];
}

export interface RowReaderContext {
  type: LicenceType;
  plan: ColumnPlan;
  sourceFileSha256: string;
}

const MAX_PAPER_NUMBER = 100;

/** What a cell shows when its formula failed; FORMULA_ERROR_TEXT stands for an error the XLSX reader lost the text of. */
const SPREADSHEET_ERROR = new RegExp(
  `^(?:#NULL!|#DIV/0!|#VALUE!|#REF!|#NAME\\?|#NUM!|#N/A|#GETTING_DATA|#SPILL!|#CALC!|#FIELD!|#BLOCKED!|#UNKNOWN!|${FORMULA_ERROR_TEXT})$`,
  "u",
);

export function readRow(ctx: RowReaderContext, cells: readonly string[], row: number): ReadRow {
  const { type, plan } = ctx;
  const problems: RowProblem[] = [];
  const problem = (column: string, code: ImportCode, message?: string) =>
    problems.push({ row, column, code, message: message ?? IMPORT_CODES[code].en });
  // One problem per cell: a column feeding two targets (paper number and a field) is not reported twice.
  const flagged = (column: string) => problems.some((p) => p.column === column);

  let name = "";
  let code = "";
  let paperNumber: string | null = null;
  const fields: Record<string, unknown> = {};
  const input: IssueInput = { typeCode: type.code, holder: { name, code }, fields };
  for (const col of plan.columns) {
    let value = cleanCell(cells[col.index]);
    // A formula's failure or missing result is not data: one problem for the cell, whatever it feeds.
    if (SPREADSHEET_ERROR.test(value)) {
      problem(
        col.header,
        "REG_IMPORT_CELL_ERROR",
        `${col.header}: the cell shows the spreadsheet error ${value === FORMULA_ERROR_TEXT ? "of a failed formula" : value} instead of a value; fix the formula or type the value from the paper licence`,
      );
      continue;
    }
    if (value.startsWith(FORMULA_PREFIX)) {
      problem(
        col.header,
        "REG_IMPORT_FORMULA_NO_RESULT",
        `${col.header}: the cell holds the formula ${value.length > 60 ? `${value.slice(0, 60)}…` : value} without a result that can be read (never calculated, or empty, 0, FALSE or an error); paste the column as values (选择性粘贴 → 数值) or type the value`,
      );
      continue;
    }
    for (const target of col.targets) {
      if (flagged(col.header)) break;
      switch (target) {
        case "holder.name":
          name = value;
          break;
        case "holder.code":
          code = value;
          break;
        case "provenance.paperNumber":
          if (value === "") problem(col.header, "REG_IMPORT_PAPER_NUMBER_REQUIRED");
          else if (looksLikeFloat(value))
            problem(
              col.header,
              "REG_IMPORT_NUMBER_AS_FLOAT",
              `${col.header}: the paper licence number arrived as a floating-point number (${value}) and its last digits are lost; format the column as text and re-enter it from the paper licence`,
            );
          else if (normalisePaperNumber(value).length > MAX_PAPER_NUMBER)
            problem(col.header, "REG_IMPORT_PAPER_NUMBER_TOO_LONG");
          else {
            // A field fed by the same column (许可证编号 → licenceNumber) prints the number as the provenance keeps it.
            paperNumber = normalisePaperNumber(value);
            value = paperNumber;
          }
          break;
        case "issuedOn":
        case "validFrom":
        case "validUntil": {
          if (value === "") {
            if (target === "issuedOn") problem(col.header, "REG_IMPORT_ISSUE_DATE_REQUIRED");
            break;
          }
          const d = parseDateCell(value, target === "validUntil");
          if (!d.ok) problem(col.header, "REG_IMPORT_DATE_INVALID", `${col.header}: ${d.reason}`);
          else if (target === "validUntil") input.validUntil = "date" in d ? d.date : null;
          else input[target] = "date" in d ? d.date : undefined;
          break;
        }
        default: {
          const field = target.slice("fields.".length);
          const property: FieldProperty | undefined = type.schema.properties[field];
          if (value === "" || property === undefined) break;
          if (property.type === "string" && typeof property.pattern === "string" && looksLikeFloat(value)) {
            problem(
              col.header,
              "REG_IMPORT_NUMBER_AS_FLOAT",
              `${col.header}: the value arrived as a floating-point number (${value}) and its last digits are lost; format the column as text and re-enter it from the paper licence`,
            );
            break;
          }
          fields[field] = fieldValue(value, property);
        }
      }
    }
  }
  for (let i = plan.width; i < cells.length; i++) {
    if (cleanCell(cells[i]) !== "") {
      problems.push({
        row,
        column: columnName(i),
        columnLetter: columnName(i),
        code: "REG_IMPORT_EXTRA_CELLS",
        message: `The row has a value in column ${columnName(i)}, beyond the ${plan.width} columns of the header: in a CSV usually an unquoted comma inside a cell shifted the cells (quote that cell or remove the comma); in a workbook, move or delete the stray value`,
      });
      break;
    }
  }
  input.holder = { name, code };
  input.provenance = {
    kind: "paper",
    paperNumber: paperNumber ?? "",
    sourceFileSha256: ctx.sourceFileSha256,
    sourceRow: row,
  };
  return { input, paperNumber, problems };
}

/** True when every cell is blank: the row is skipped, not reported. */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((c) => cleanCell(c) === "");
}
