// What an import report says, whatever it is written as (CSV or XLSX): the columns of a problem line, and the summary
// as label/value pairs. The writers only decide how cells are encoded.
import { ID_ERROR_CODES } from "@elicence/core";
import { CHECK_CODES_ZH } from "./check-codes-zh.js";
import { IMPORT_CODES } from "./import-codes.js";
import { registryMessageZh } from "../errors-zh.js";
import type { ImportSummary } from "./import-summary.js";
import type { RowProblem } from "./row-reader.js";

export type ReportCell = string | number;

export const PROBLEM_HEADER = [
  "行号 Row",
  "列 Column",
  "表头 Header",
  "代码 Code",
  "说明 Message",
  "中文说明 Message (zh)",
  "建议 Did you mean",
  "纸质证照编号 Paper number",
  "证照库已有 Existing licence",
] as const;

/**
 * Chinese text of a code: from the catalogue of the import's own codes, the identifier codes or the licence check's
 * codes; a code none of them knows (a test keeps that from happening) still gets a line that points at the English.
 */
export function chineseText(code: string): string {
  return (
    (IMPORT_CODES as Record<string, { zh: string }>)[code]?.zh ??
    (ID_ERROR_CODES as Record<string, { zh: string }>)[code]?.zh ??
    (CHECK_CODES_ZH as Record<string, string>)[code] ??
    // Any other registry code (a data rule's, say): its Chinese words from the one catalogue of them.
    registryMessageZh(code) ??
    `该行此项有误（代码 ${code}），详见“说明 Message”列。`
  );
}

/** One problem as report cells: the sheet's row number, its column letter and header, code, messages … */
export function problemCells(p: RowProblem): ReportCell[] {
  const letter = p.columnLetter ?? "";
  return [
    p.row,
    letter,
    // Beyond the header a column has no name but its letter.
    p.column === letter ? "" : p.column,
    p.code,
    p.message,
    chineseText(p.code),
    p.suggestion ?? "",
    p.paperNumber ?? "",
    p.existing ?? "",
  ];
}

/** The summary as [label, value] rows. */
export function summaryRows(s: ImportSummary): [string, ReportCell][] {
  const c = s.counts;
  return [
    [
      "汇总 Summary",
      s.dryRun
        ? "试运行，未写入 dry run, nothing stored"
        : s.cancelled
          ? "已中止 cancelled"
          : "已完成 completed",
    ],
    ["文件 File", s.file],
    ["文件SHA-256 File SHA-256", s.fileSha256],
    ["编码 Encoding", s.encoding ?? s.format],
    ["证照类型 Licence type", `${s.typeName} ${s.typeCode}`],
    ["发证部门 Department", s.department],
    ["操作人 Operator", s.operator],
    ["表头行 Header row", s.headerRow],
    ["数据行 Rows", c.rows],
    [s.dryRun ? "可导入 Would import" : "已导入 Imported", c.imported],
    ["此前已导入 Imported by an earlier run", c.alreadyImported],
    ["有误 Invalid", c.invalid],
    ["重复 Duplicates", c.duplicates],
    ["冲突 Conflicts", c.conflicts],
    ["空行 Blank rows", c.blank],
    ["未使用的列 Ignored columns", s.ignoredColumns.join("、")],
    ...(s.scans
      ? ([["扫描件 Scans matched", `${s.scans.matched} / ${s.scans.files}`]] as [string, ReportCell][])
      : []),
    ["用时(秒) Seconds", s.seconds.toFixed(1)],
    ["行/秒 Rows per second", Math.round(s.rowsPerSecond)],
    ...Object.entries(s.problemsByCode).map(([code, n]) => [`问题 ${code}`, n] as [string, ReportCell]),
  ];
}

export const STOPPED_LABEL = "中止 Stopped";
