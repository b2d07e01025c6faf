// The auditor's report of `elicence verify … --report OUT.csv`: one row per file (its verdict, licence, first reason
// and every check that was not valid), CSV in UTF-8 with a BOM so Excel and WPS keep the Chinese, cells quoted as
// the import report quotes them (a leading apostrophe for text a spreadsheet would run as a formula). Written to a
// temporary file and renamed, so a report that exists is complete.
import { rename, writeFile } from "node:fs/promises";
import type { ValidationReport } from "@elicence/signer/verify";
import { csvCell } from "@elicence/registry/offline";

/** One file's outcome: its report, or why it could not be read. */
export interface VerifyRow {
  file: string;
  report?: ValidationReport;
  error?: string;
}

export const VERIFY_REPORT_HEADER = [
  "文件 file",
  "结论 verdict",
  "证照标识 licence",
  "原因代码 reason",
  "中文说明",
  "explanation",
  "未通过的检查 checks not valid",
  "SHA-256",
  "毫秒 ms",
] as const;

export function verifyReportCells(r: VerifyRow): string[] {
  const report = r.report;
  if (!report) return [r.file, "UNREADABLE", "", "", "文件无法读取", r.error ?? "", "", "", ""];
  const notValid = report.checks
    .filter((c) => c.status !== "VALID")
    .map((c) => `${c.name}:${c.status}:${c.reason.code}`)
    .join(" ");
  return [
    r.file,
    report.verdict,
    report.identifier ?? "",
    report.reason?.code ?? "",
    report.summary.zh,
    report.summary.en,
    notValid,
    report.sha256 ?? "",
    String(Math.round(report.elapsedMs)),
  ];
}

export async function writeReportCsv(file: string, rows: readonly VerifyRow[]): Promise<void> {
  const lines = [VERIFY_REPORT_HEADER, ...rows.map(verifyReportCells)].map(
    (cells) => cells.map((c) => csvCell(c)).join(",") + "\r\n",
  );
  const temporary = `${file}.${process.pid}.partial`;
  await writeFile(temporary, "\uFEFF" + lines.join(""));
  await rename(temporary, file);
}
