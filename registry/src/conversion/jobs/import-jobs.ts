// Bulk conversions started over HTTP: each upload becomes a job that runs in the background, in this process, one at a
// time per department (jobs of different departments run side by side). Jobs live in memory and do not survive a
// restart; re-uploading the same file is safe, because runImport recognises the rows an earlier run stored (same
// file SHA-256 and row) and imports only what is missing. Every job's start and end is in the audit log.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  CsvReportWriter,
  ImportError,
  XlsxReportWriter,
  runImport,
  teeReport,
  type ImportDeps,
  type ReportSink,
} from "../index.js";
import type { XlsxLimits } from "../xlsx-package.js";
import { RegistryError } from "../../errors.js";
import { writeAudit } from "../../sessions/audit-write.js";
import { storageFault } from "../../storage/storage-fault.js";
import {
  markRunFolderClosed,
  markRunFolderLive,
  removeStaleRunFolders,
  runFolderPrefix,
} from "../../maintenance/run-folders.js";
import type { ImportJob } from "./import-job.js";

export interface ImportJobsOptions {
  /**
   * Where jobs keep their files (uploads can be large: prefer the data directory to a RAM-backed /tmp). Each process
   * works in its own run-* folder inside it, removed on close(); run-* folders a crashed process left behind are
   * removed at start once older than the retention. Default: the OS temp directory.
   */
  dir?: string;
  clock: () => Date;
  /** Monotonic milliseconds for rates and ETA (default performance.now inside runImport). */
  elapsed?: () => number;
  /** Finished jobs (and their files) are forgotten this long after they end; default 24 h. */
  retentionMs?: number;
  /**
   * The uploaded register of a finished job is removed this long after it ends (its reports stay until the job is
   * forgotten); default 1 h. A re-upload is what resumes a failed import, so the copy here serves nothing longer.
   */
  uploadRetentionMs?: number;
  /**
   * Bytes all uploads still waiting or running (and those arriving) may take together (ELICENCE_IMPORT_QUOTA); an upload
   * that would pass it is refused with 507 REG_IMPORT_QUOTA_EXCEEDED. Default: no bound.
   */
  quotaBytes?: number;
  batchSize?: number;
  /** What an XLSX register may inflate to and hold (limits.ts); the defaults when absent. */
  xlsxLimits?: XlsxLimits;
  /** Where an unexpected failure is logged (its cause never reaches the client). */
  logError?: (err: unknown, jobId: string) => void;
}

/** A job id and folder reserved for an upload before it is submitted. */
export interface PreparedUpload {
  jobId: string;
  dir: string;
  uploadPath: string;
}

const UPLOAD = "register.upload";

/** The report is written in both forms while the import runs; the client picks one when downloading. */
export type ReportFormat = "csv" | "xlsx";
export const REPORT_FORMATS: readonly ReportFormat[] = ["csv", "xlsx"];

export class ImportJobs {
  readonly #jobs = new Map<string, ImportJob>();
  /** The tail of each department's queue. */
  readonly #queues = new Map<string, Promise<void>>();
  readonly #running = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  readonly #dir: string;
  /** Bytes of each upload counted against the quota: arriving, queued or running (by job id). */
  readonly #pendingBytes = new Map<string, number>();

  constructor(
    private readonly deps: ImportDeps,
    private readonly options: ImportJobsOptions,
  ) {
    const parent = options.dir ?? os.tmpdir();
    mkdirSync(parent, { recursive: true, mode: 0o700 });
    if (options.dir !== undefined) this.#removeStaleRuns(parent);
    this.#dir = mkdtempSync(
      options.dir !== undefined ? runFolderPrefix(parent) : path.join(parent, "elicence-imports-"),
    );
    markRunFolderLive(this.#dir);
  }

  /**
   * Counts `bytes` more of an arriving upload against the quota; false (nothing counted) when they would pass it. The
   * route stops keeping the upload and refuses it once this says false.
   */
  admit(upload: PreparedUpload, bytes: number): boolean {
    const quota = this.options.quotaBytes;
    const mine = this.#pendingBytes.get(upload.jobId) ?? 0;
    if (quota !== undefined && this.pendingBytes() + bytes > quota) return false;
    this.#pendingBytes.set(upload.jobId, mine + bytes);
    return true;
  }

  /** Bytes of uploads arriving, queued or running: what the quota bounds. */
  pendingBytes(): number {
    let total = 0;
    for (const n of this.#pendingBytes.values()) total += n;
    return total;
  }

  /** The quota (ELICENCE_IMPORT_QUOTA), when there is one. */
  get quotaBytes(): number | undefined {
    return this.options.quotaBytes;
  }

  /**
   * The janitor's part in the imports folder: forgets jobs past the retention (their folders with them) and removes
   * the uploaded registers of jobs ended more than uploadRetentionMs ago, keeping their reports.
   */
  sweep(): { uploads: number; bytes: number } {
    this.#forgetOld();
    const cutoff = this.options.clock().getTime() - (this.options.uploadRetentionMs ?? 3600_000);
    let uploads = 0;
    let bytes = 0;
    for (const job of this.#jobs.values()) {
      if (job.finishedAt === null || Date.parse(job.finishedAt) >= cutoff) continue;
      const file = path.join(job.dir, UPLOAD);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        continue; // removed already
      }
      rmSync(file, { force: true });
      uploads++;
      bytes += size;
    }
    return { uploads, bytes };
  }

  prepare(): PreparedUpload {
    const jobId = `imp_${randomBytes(16).toString("base64url")}`;
    const dir = path.join(this.#dir, jobId);
    mkdirSync(dir, { mode: 0o700 });
    return { jobId, dir, uploadPath: path.join(dir, UPLOAD) };
  }

  discard(upload: PreparedUpload): void {
    this.#pendingBytes.delete(upload.jobId);
    rmSync(upload.dir, { recursive: true, force: true });
  }

  /** Queues the uploaded file for import and audits the start; the job runs when its department's queue reaches it. */
  async submit(
    upload: PreparedUpload,
    owner: { keyId: string; department: string },
    input: { typeCode: string; typeName: string; dryRun: boolean; fileName: string; bytes: number },
  ): Promise<ImportJob> {
    if (this.#abort.signal.aborted)
      throw new RegistryError("REG_NOT_READY", "The registry is shutting down.");
    this.#forgetOld();
    const now = this.options.clock().toISOString();
    const job: ImportJob = {
      id: upload.jobId,
      department: owner.department,
      submittedBy: owner.keyId,
      ...input,
      state: "queued",
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      progress: null,
      summary: null,
      error: null,
      dir: upload.dir,
    };
    await writeAudit(this.deps.store, {
      actor: owner.keyId,
      role: "issuer",
      department: owner.department,
      action: "import.start",
      target: job.id,
      holderCode: null,
      purpose: null,
      detail: { typeCode: job.typeCode, dryRun: job.dryRun, fileName: job.fileName, bytes: job.bytes },
      at: now,
    });
    this.#jobs.set(job.id, job);
    const previous = this.#queues.get(job.department) ?? Promise.resolve();
    const run = previous.then(() => this.#run(job));
    this.#queues.set(job.department, run);
    this.#running.add(run);
    void run.finally(() => {
      this.#running.delete(run);
      if (this.#queues.get(job.department) === run) this.#queues.delete(job.department);
    });
    return job;
  }

  /** The job, when it exists and belongs to this department; null otherwise (the two are not told apart). */
  get(jobId: string, department: string | null): ImportJob | null {
    const job = this.#jobs.get(jobId);
    return job && job.department === department ? job : null;
  }

  reportPath(job: ImportJob, format: ReportFormat = "csv"): string {
    return path.join(job.dir, `report.${format}`);
  }

  /** Stops running imports between batches (what is stored stays stored) and waits for them. */
  async close(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled([...this.#running]);
    rmSync(this.#dir, { recursive: true, force: true });
    markRunFolderClosed(this.#dir);
  }

  async #run(job: ImportJob): Promise<void> {
    const { clock } = this.options;
    job.state = "running";
    job.startedAt = clock().toISOString();
    let report: ReportSink | null = null;
    try {
      if (this.#abort.signal.aborted)
        throw new RegistryError("REG_NOT_READY", "The registry shut down before the job started.");
      const csv = new CsvReportWriter(this.reportPath(job, "csv"));
      let xlsx: XlsxReportWriter;
      try {
        xlsx = new XlsxReportWriter(this.reportPath(job, "xlsx"));
      } catch (e) {
        csv.abandon(e instanceof Error ? e.message : String(e));
        throw e;
      }
      const both = teeReport([csv, xlsx]);
      // The report names the file as uploaded, not the server's scratch path.
      report = {
        problem: (p) => both.problem(p),
        finish: (s) => both.finish({ ...s, file: job.fileName }),
        abandon: (r) => both.abandon(r),
      };
      const summary = await runImport(this.deps, {
        file: path.join(job.dir, UPLOAD),
        typeCode: job.typeCode,
        department: job.department,
        operator: job.submittedBy,
        dryRun: job.dryRun,
        report: {
          problem: (p) => report?.problem(p),
          // Once the summary is being written, an error is no longer the import's to report in the file.
          finish: (s) => {
            const finishing = report!.finish(s);
            report = null;
            return finishing;
          },
          abandon: (r) => report?.abandon(r),
        },
        onProgress: (p) => {
          job.progress = p;
        },
        signal: this.#abort.signal,
        tmpDir: job.dir,
        ...(this.options.elapsed ? { elapsed: this.options.elapsed } : {}),
        ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
        ...(this.options.xlsxLimits ? { xlsxLimits: this.options.xlsxLimits } : {}),
      });
      job.summary = summary;
      job.progress = {
        rowsRead: summary.counts.rows + summary.counts.blank,
        estimatedRows: summary.counts.rows + summary.counts.blank,
        imported: summary.counts.imported,
        problems: Object.values(summary.problemsByCode).reduce((a, b) => a + b, 0),
        elapsedMs: summary.seconds * 1000,
      };
      if (summary.cancelled) {
        job.state = "failed";
        job.error = {
          code: "REG_NOT_READY",
          message: "The registry shut down during the import; upload the same file again to import the rest.",
          details: [],
        };
      } else job.state = "done";
    } catch (e) {
      // The state turns "failed" only once the reports are closed: a poll in between would be offered a report
      // (the XLSX above all) still being written.
      let failure: NonNullable<ImportJob["error"]>;
      if (e instanceof ImportError) failure = { code: e.code, message: e.message, details: e.details };
      else if (e instanceof RegistryError)
        failure = {
          code: e.code,
          message: e.message,
          details: e.details.map((d) => `${d.field}: ${d.message}`),
        };
      else if (storageFault(e)) {
        // The disk, not the file: logged for the operator, named for the uploader (what is stored stays stored).
        this.options.logError?.(e, job.id);
        const fault = storageFault(e)!;
        failure = {
          code: fault.code,
          message: `The import stopped: the data directory could not be written (${fault.code}, see GET /readyz). Rows stored before it stay stored: once the disk is fixed, upload the same file again to import the rest.`,
          details: [],
        };
      } else {
        this.options.logError?.(e, job.id);
        failure = {
          code: "REG_INTERNAL",
          message: "The import failed unexpectedly; it has been logged. Upload the file again to resume it.",
          details: [],
        };
      }
      try {
        await report?.abandon(`${failure.code}: ${failure.message}`);
      } catch (closeError) {
        this.options.logError?.(closeError, job.id);
      }
      job.error = failure;
      job.state = "failed";
    }
    job.finishedAt = clock().toISOString();
    // Ended: its upload no longer counts against the quota (the janitor removes the file after uploadRetentionMs).
    this.#pendingBytes.delete(job.id);
    try {
      await writeAudit(this.deps.store, {
        actor: job.submittedBy,
        role: "issuer",
        department: job.department,
        action: "import.finish",
        target: job.id,
        holderCode: null,
        purpose: null,
        detail: {
          state: job.state,
          typeCode: job.typeCode,
          dryRun: job.dryRun,
          fileSha256: job.summary?.fileSha256 ?? null,
          counts: job.summary?.counts ?? null,
          error: job.error?.code ?? null,
        },
        at: job.finishedAt,
      });
    } catch (e) {
      this.options.logError?.(e, job.id);
    }
  }

  #removeStaleRuns(parent: string): void {
    removeStaleRunFolders(parent, this.options.clock().getTime() - (this.options.retentionMs ?? 86_400_000));
  }

  #forgetOld(): void {
    const cutoff = this.options.clock().getTime() - (this.options.retentionMs ?? 86_400_000);
    for (const [id, job] of this.#jobs)
      if (job.finishedAt !== null && Date.parse(job.finishedAt) < cutoff) {
        this.#jobs.delete(id);
        rmSync(job.dir, { recursive: true, force: true });
      }
  }
}
