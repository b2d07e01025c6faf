// XLSX registers for the import tests, generated with exceljs's streaming writer (no binary fixtures committed):
// shared strings as Excel writes them, typed cells (numbers, dates, formulas with or without a cached result, rich
// text, errors), rows left out of the file, a hidden sheet before the register and a sheet after it.
import ExcelJS from "exceljs";

/** A cell as the test writes it: text, a number, a date, or an exceljs value (formula, rich text, error). */
export type XlsxCell = ExcelJS.CellValue;

export interface XlsxSheet {
  name: string;
  /** Rows in order; a row given as `{ at, cells }` is written at that sheet row (the rows in between are left out). */
  rows: (XlsxCell[] | { at: number; cells: XlsxCell[] })[];
  state?: "visible" | "hidden";
  /** 1-based columns to format as dates (yyyy-mm-dd), so that Date cells are date cells. */
  dateColumns?: number[];
}

export async function writeXlsx(
  path: string,
  sheets: XlsxSheet[],
  options: { sharedStrings?: boolean } = {},
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: options.sharedStrings ?? true,
    useStyles: true,
  });
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name, { state: s.state ?? "visible" });
    let next = 1;
    for (const r of s.rows) {
      const { at, cells } = Array.isArray(r) ? { at: next, cells: r } : r;
      const row = sheet.getRow(at);
      cells.forEach((v, i) => {
        if (v === undefined) return;
        const cell = row.getCell(i + 1);
        cell.value = v;
        if (v instanceof Date && s.dateColumns?.includes(i + 1)) cell.numFmt = "yyyy-mm-dd";
      });
      row.commit();
      next = at + 1;
    }
    sheet.commit();
  }
  await workbook.commit();
}

/** One register sheet of text rows (as a CSV would hold them). */
export async function writeXlsxRegister(path: string, rows: XlsxCell[][]): Promise<void> {
  await writeXlsx(path, [{ name: "台账", rows }]);
}
