// Reads one register row into an issue request for the licence service, with the problems only the register can
// have (empty paper number, unreadable dates, floats, stray cells), each named by its column header.
import type { FieldProperty, LicenceType } from "../catalogue/index.js";
import type { IssueInput } from "../licences/licence-service.js";
import { cleanCell, fieldValue, looksLikeFloat, normalisePaperNumber, parseDateCell } from "./cell-values.js";
import { columnName, type ColumnPlan } from "./column-plan.js";
import { IMPORT_CODES, type ImportCode } from "./import-codes.js";

/** One line of the report: what is wrong with one cell (or the whole row when column is ""). */
export interface RowProblem {
  /** 1-based row number as a spreadsheet shows it. */
  row: number;
  /** The column's header as written in the file; "" when the problem is about the row. */
  column: string;
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
      problem(
        columnName(i),
        "REG_IMPORT_EXTRA_CELLS",
        `The row has a value in column ${columnName(i)}, beyond the ${plan.width} columns of the header: usually an unquoted comma inside a cell shifted the cells; quote that cell or remove the comma`,
      );
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
