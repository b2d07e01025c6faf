// An import started over HTTP, as the jobs map keeps it and as GET /api/v1/imports/{jobId} shows it.
import type { ImportProgress, ImportSummary } from "../index.js";
import { etaSeconds, rowsPerSecond } from "../index.js";

export type ImportJobState = "queued" | "running" | "done" | "failed";

export interface ImportJob {
  id: string;
  /** USCC of the issuing department: only its issuers see the job. */
  department: string;
  /** Key id of the issuer who uploaded the file (the provenance operator of every licence). */
  submittedBy: string;
  typeCode: string;
  typeName: string;
  dryRun: boolean;
  /** The file name the browser sent (for the report), never used as a path. */
  fileName: string;
  bytes: number;
  state: ImportJobState;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: ImportProgress | null;
  summary: ImportSummary | null;
  error: { code: string; message: string; details: readonly string[] } | null;
  /** The job's folder: the uploaded file, the report and the import's scratch files. */
  dir: string;
}

export interface ImportJobView {
  jobId: string;
  state: ImportJobState;
  typeCode: string;
  typeName: string;
  dryRun: boolean;
  fileName: string;
  bytes: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: {
    rowsRead: number;
    /** Rows expected: an upper bound from a CSV's line count, an estimate for XLSX; 0 when unknown. */
    estimatedRows: number;
    percent: number | null;
    /** Licences stored (in a dry run: that would be stored). */
    stored: number;
    problems: number;
    rowsPerSecond: number;
    etaSeconds: number | null;
    elapsedSeconds: number;
  };
  fileSha256?: string;
  counts?: ImportSummary["counts"];
  problemsByCode?: Record<string, number>;
  error?: { code: string; message: string; details: readonly string[] };
  /** Where the report is (CSV; add ?format=xlsx for the workbook), once the job is done or failed. */
  report: string | null;
  /** The report in each form, once the job is done or failed. */
  reports: { csv: string; xlsx: string } | null;
}

export function viewOf(job: ImportJob): ImportJobView {
  const p = job.progress;
  const finished = job.state === "done" || job.state === "failed";
  const percent =
    job.state === "done"
      ? 100
      : p && p.estimatedRows > 0
        ? Math.min(99, Math.floor((p.rowsRead * 100) / p.estimatedRows))
        : null;
  const eta = p && job.state === "running" ? etaSeconds(p) : null;
  return {
    jobId: job.id,
    state: job.state,
    typeCode: job.typeCode,
    typeName: job.typeName,
    dryRun: job.dryRun,
    fileName: job.fileName,
    bytes: job.bytes,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    progress: {
      rowsRead: p?.rowsRead ?? 0,
      estimatedRows: p?.estimatedRows ?? 0,
      percent,
      stored: p?.imported ?? 0,
      problems: p?.problems ?? 0,
      rowsPerSecond: p ? Math.round(rowsPerSecond(p)) : 0,
      etaSeconds: eta === null ? null : Math.round(eta),
      elapsedSeconds: p ? Math.round(p.elapsedMs / 100) / 10 : 0,
    },
    ...(job.summary
      ? {
          fileSha256: job.summary.fileSha256,
          counts: job.summary.counts,
          problemsByCode: job.summary.problemsByCode,
        }
      : {}),
    ...(job.error ? { error: job.error } : {}),
    report: finished ? `/api/v1/imports/${job.id}/report` : null,
    reports: finished
      ? {
          csv: `/api/v1/imports/${job.id}/report?format=csv`,
          xlsx: `/api/v1/imports/${job.id}/report?format=xlsx`,
        }
      : null,
  };
}
