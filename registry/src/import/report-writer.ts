// The import report: one line per problem (row, column, code, message …) and a summary at the end. CSV in UTF-8
// with a BOM, so Excel and WPS open it with the Chinese intact. Lines are written as they come (flat memory).
// An XLSX writer would implement the same ReportSink; none is installed in this build.
import { closeSync, openSync, writeSync } from "node:fs";
import { ID_ERROR_CODES } from "../identifiers/index.js";
import { IMPORT_CODES } from "./import-codes.js";
import { ImportError } from "./import-error.js";
import type { ImportSummary } from "./import-summary.js";
import type { RowProblem } from "./row-reader.js";

export interface ReportSink {
  problem(p: RowProblem): void;
  finish(summary: ImportSummary): void;
  /** The import stopped with an error: say so at the end of what was written, and close. */
  abandon(reason: string): void;
}

const HEADER = [
  "行号 Row",
  "列 Column",
  "代码 Code",
  "说明 Message",
  "中文说明",
  "建议 Did you mean",
  "纸质证照编号 Paper number",
  "证照库已有 Existing licence",
];

/** Chinese text of a code, where the code's catalogue has one. */
export function chineseText(code: string): string {
  return (
    (IMPORT_CODES as Record<string, { zh: string }>)[code]?.zh ??
    (ID_ERROR_CODES as Record<string, { zh: string }>)[code]?.zh ??
    ""
  );
}

/** RFC 4180 quoting, plus a leading apostrophe for text a spreadsheet would run as a formula (=, +, -, @). */
export function csvCell(value: string | number): string {
  let v = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/u.test(v)) v = `'${v}`;
  return /[",\r\n]/u.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export class CsvReportWriter implements ReportSink {
  #fd: number;
  #buffer: string[] = [];
  #size = 0;

  constructor(readonly path: string) {
    this.#fd = openSync(path, "w");
    writeSync(this.#fd, "\uFEFF");
    this.#line(HEADER);
  }

  problem(p: RowProblem): void {
    this.#line([
      p.row,
      p.column,
      p.code,
      p.message,
      chineseText(p.code),
      p.suggestion ?? "",
      p.paperNumber ?? "",
      p.existing ?? "",
    ]);
  }

  finish(s: ImportSummary): void {
    const c = s.counts;
    const rows: [string, string | number][] = [
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
        ? ([["扫描件 Scans matched", `${s.scans.matched} / ${s.scans.files}`]] as [string, number | string][])
        : []),
      ["用时(秒) Seconds", s.seconds.toFixed(1)],
      ["行/秒 Rows per second", Math.round(s.rowsPerSecond)],
      ...Object.entries(s.problemsByCode).map(([code, n]) => [`问题 ${code}`, n] as [string, number]),
    ];
    this.#line([]);
    for (const r of rows) this.#line(r);
    this.#flush();
    closeSync(this.#fd);
  }

  abandon(reason: string): void {
    this.#line([]);
    this.#line(["中止 Stopped", reason]);
    this.#flush();
    closeSync(this.#fd);
  }

  #line(cells: (string | number)[]): void {
    const text = cells.map(csvCell).join(",") + "\r\n";
    this.#buffer.push(text);
    this.#size += text.length;
    if (this.#size > 1 << 16) this.#flush();
  }

  #flush(): void {
    if (this.#buffer.length === 0) return;
    writeSync(this.#fd, this.#buffer.join(""));
    this.#buffer = [];
    this.#size = 0;
  }
}

/** Picks the report writer from the file name: .csv (or none) → CSV; .xlsx → refused until a writer is installed. */
export function openReport(path: string): ReportSink {
  if (/\.xlsx$/iu.test(path))
    throw new ImportError(
      "REG_IMPORT_FORMAT_UNSUPPORTED",
      `XLSX reports need an XLSX writer, which this build does not include; write the report as CSV (--report ${path.replace(/\.xlsx$/iu, ".csv")}), which Excel opens.`,
    );
  return new CsvReportWriter(path);
}
