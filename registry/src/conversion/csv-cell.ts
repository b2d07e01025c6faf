// One CSV cell as the reports write it (the import report, the auditors' verify report): its own module, so a writer
// of plain CSV loads nothing else.
import type { ReportCell } from "./report-layout.js";

/** RFC 4180 quoting, plus a leading apostrophe for text a spreadsheet would run as a formula (=, +, -, @). */
export function csvCell(value: ReportCell): string {
  let v = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/u.test(v)) v = `'${v}`;
  return /[",\r\n]/u.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
