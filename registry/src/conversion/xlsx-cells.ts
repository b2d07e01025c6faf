// Turns a spreadsheet cell value (as exceljs reads it) into the text a CSV export of the same sheet would hold, so
// XLSX rows go through the same row reader, with the same problems and reason codes, as CSV rows.

/** What the streaming reader puts in a cell (exceljs CellValue, plus its unresolved shared-string form). */
export type XlsxCellValue = unknown;

/** A cell whose formula has no cached result: kept as "=formula" so the row reader can say so. */
export const FORMULA_PREFIX = "=";

/**
 * The text of a formula whose cached result is an error. The streaming reader keeps only NaN for it (the error's own
 * text, #N/A or #DIV/0!, is lost), so one literal stands for all of them.
 */
export const FORMULA_ERROR_TEXT = "#ERROR!";

/**
 * A spreadsheet holds numbers as doubles and shows 15 significant digits: an integer of 16 digits or more has lost
 * its last digits (an 18-digit ID number typed without a leading apostrophe). Shown in the exponent form a CSV
 * export would have, for the float checks to reject it.
 */
const LOST_DIGITS = 1e15;

/** Excel's General format for a number, as far as imports care: exact integers in full, long ones as 4.41521199003071E+17. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return FORMULA_ERROR_TEXT;
  if (Number.isInteger(n) && Math.abs(n) >= LOST_DIGITS) {
    const [mantissa = "", exponent = ""] = n.toPrecision(15).split("e");
    const trimmed = mantissa.includes(".") ? mantissa.replace(/0+$/u, "").replace(/\.$/u, "") : mantissa;
    return `${trimmed}E${exponent.startsWith("-") ? exponent : `+${exponent.replace(/^\+/u, "")}`}`;
  }
  // Doubles such as 0.1 + 0.2 print with 17 digits; 15 is what the sheet showed.
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A date cell: the reader gives the day at UTC midnight (spreadsheet dates carry no zone), so the UTC fields are the
 * date the sheet shows. A time of day is kept only when there is one.
 */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return FORMULA_ERROR_TEXT;
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

const ESCAPED = /_x([0-9A-Fa-f]{4})_/gu;

/** OOXML writes characters XML cannot hold (a carriage return, say) as _xHHHH_ inside strings. */
export function unescapeOoxml(text: string): string {
  return text.includes("_x")
    ? text.replace(ESCAPED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

/** The text of rich text: its runs joined (fonts and colours are not data). */
export function richText(runs: readonly { text?: unknown }[]): string {
  let out = "";
  for (const r of runs) if (typeof r.text === "string") out += r.text;
  return unescapeOoxml(out);
}

/**
 * The text of one cell. `sharedString` resolves the index form the reader leaves when shared strings are kept on
 * disk instead of in memory.
 */
export function cellText(value: XlsxCellValue, sharedString: (index: number) => string): string {
  if (value === null || value === undefined) return "";
  switch (typeof value) {
    case "string":
      return unescapeOoxml(value);
    case "number":
      return numberText(value);
    case "boolean":
      return value ? "TRUE" : "FALSE";
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      // A function or symbol is nothing a workbook holds.
      return "";
  }
  if (value instanceof Date) return dateText(value);
  const v = value as Record<string, unknown>;
  if (typeof v.sharedString === "number") return sharedString(v.sharedString);
  if (Array.isArray(v.richText)) return richText(v.richText as { text?: unknown }[]);
  if ("formula" in v || "sharedFormula" in v) {
    // The cached result is what the sheet showed. Without one (a file written by a program that does not calculate,
    // or a result of "", 0, FALSE or an error, all of which exceljs 4.4.0 drops from a formula cell), the formula
    // itself is passed on so the row reader can name the problem instead of reading an empty cell.
    const result = v.result;
    if (result === undefined || result === null)
      return `${FORMULA_PREFIX}${typeof v.formula === "string" ? v.formula : ""}`;
    if (typeof result === "object" && result !== null && "error" in result) return FORMULA_ERROR_TEXT;
    return cellText(result, sharedString);
  }
  if (typeof v.error === "string") return v.error;
  // A hyperlink cell: its shown text.
  if ("text" in v) return cellText(v.text, sharedString);
  return "";
}
