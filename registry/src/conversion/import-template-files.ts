// The register template as a file: CSV in UTF-8 with a BOM (Excel and WPS open it with the Chinese intact), or an
// XLSX workbook with the header row, the example row, a note on each header cell, code and number columns formatted
// as text, and a drop-down list on each enumerated column (its values on a hidden sheet, so any length works).
import ExcelJS from "exceljs";
import type { LicenceType } from "../catalogue/index.js";
import { columnName } from "./column-plan.js";
import { templateColumns } from "./import-template.js";
import { csvCell } from "./report-writer.js";

/** exceljs keeps a sheet's validations by address or range; its typings leave the member out. */
const validations = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;

export type TemplateFormat = "csv" | "xlsx";

/** Rows the drop-down lists and text formats cover below the header. */
const TEMPLATE_ROWS = 5000;
export const TEMPLATE_SHEET = "台账";
export const LISTS_SHEET = "选项";

export function templateFileName(type: LicenceType, format: TemplateFormat): string {
  return `${type.code}-import-template.${format}`;
}

export function templateCsv(type: LicenceType): Buffer {
  const columns = templateColumns(type);
  const lines = [columns.map((c) => csvCell(c.header)), columns.map((c) => csvCell(c.example))];
  return Buffer.from(`\uFEFF${lines.map((l) => l.join(",")).join("\r\n")}\r\n`, "utf8");
}

export async function templateXlsx(type: LicenceType): Promise<Buffer> {
  const columns = templateColumns(type);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(TEMPLATE_SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
  const lists = workbook.addWorksheet(LISTS_SHEET, { state: "hidden" });
  sheet.addRow(columns.map((c) => c.header));
  sheet.addRow(columns.map((c) => c.example));
  let listColumn = 0;
  columns.forEach((c, i) => {
    const letter = columnName(i);
    const header = sheet.getCell(`${letter}1`);
    header.font = { bold: true, ...(c.required ? { color: { argb: "FFC00000" } } : {}) };
    header.note = c.note;
    sheet.getColumn(i + 1).width = Math.min(40, Math.max(12, [...c.header].length * 2 + 4));
    if (c.text) {
      sheet.getColumn(i + 1).numFmt = "@";
      // The example cells are already text; the format keeps what is typed below as text too.
      sheet.getCell(`${letter}2`).numFmt = "@";
    }
    if (c.allowed) {
      const at = columnName(listColumn++);
      lists.getCell(`${at}1`).value = c.header;
      c.allowed.forEach((v, j) => (lists.getCell(`${at}${j + 2}`).value = v));
      validations(sheet).add(`${letter}2:${letter}${TEMPLATE_ROWS + 1}`, {
        type: "list",
        allowBlank: !c.required,
        formulae: [`${LISTS_SHEET}!$${at}$2:$${at}$${c.allowed.length + 1}`],
        showInputMessage: true,
        promptTitle: c.header,
        prompt: c.note.slice(0, 250),
        // A list column takes several values joined with 、: the drop-down helps, but does not refuse what it lacks.
        showErrorMessage: !c.list,
        errorStyle: "stop",
        errorTitle: c.header,
        error: `请从下拉列表中选择：${c.allowed.join("、")}`.slice(0, 250),
      });
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
