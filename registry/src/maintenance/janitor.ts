// The janitor: clears what crashes and ended work leave in the data directory, at start and then periodically, so the
// disk the database and sealed documents live on does not fill with leftovers (issue 11: 436 .tmp files after 12
// kills). It removes
//   - `.tmp` files older than the grace period anywhere in the data directory (a write killed between its temp file
//     and the rename: documents, PKI state, the base-URL record, the disk probe);
//   - sealed documents no licence version and no seal-usage entry names, older than the grace period: a PDF is written
//     (and made durable) before the commit that names it, so a crash or a failed commit (a full disk) leaves one
//     behind; the grace period keeps it away from a document whose commit is still under way;
//   - run-* folders of import jobs whose process is gone (maintenance/run-folders.ts);
//   - uploaded registers of import jobs ended more than their retention ago, keeping the reports (ImportJobs.sweep).
// It logs one summary line per sweep that removed anything. Removing an orphan is not a change to any licence (no
// record names it, and the audit log never referred to it), so it is logged with its hash, not audited.
import type { Dirent } from "node:fs";
import { readdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Store } from "../store/store.js";
import { DOCUMENTS_DIR } from "../backup/create-backup.js";
import { DOCUMENT_FILE_PATTERN } from "../documents/document-store.js";
import { removeStaleRunFolders } from "./run-folders.js";

export const IMPORTS_DIR = "imports";

/** Default grace period: far longer than any write-then-commit takes, short enough to matter on a full disk. */
export const JANITOR_GRACE_MS = 3600_000;
/** Default period between sweeps. */
export const JANITOR_INTERVAL_MS = 3600_000;
/** run-* folders without a process id in their name (older releases) are removed once this old. */
export const LEGACY_RUN_RETENTION_MS = 86_400_000;

/** Orphan hashes named in the summary line; the count covers the rest. */
export const LISTED_ORPHANS = 100;

export interface SweepReport {
  tmpFiles: number;
  orphanDocuments: number;
  /** Hashes of the orphans removed (not personal data), for the log line: the first LISTED_ORPHANS of them. */
  orphans: string[];
  runFolders: number;
  uploads: number;
  /** Bytes freed by the files counted above (run folders not measured). */
  bytes: number;
  /** Entries that could not be read or removed (a read-only disk, say): left for the next sweep. */
  failures: number;
}

export interface JanitorOptions {
  dataDir: string;
  store: Pick<Store, "unreferencedDocuments">;
  /** The import jobs of this process (their uploads); the imports folder is swept for run-* folders either way. */
  imports?: { sweep(): { uploads: number; bytes: number } };
  /** Wall clock, compared with the files' modification times. */
  clock?: () => Date;
  graceMs?: number;
  /** Where one summary line goes when a sweep removed something, and where a failure is reported. */
  log?: { info(report: SweepReport, message: string): void; warn(err: unknown, message: string): void };
}

export class Janitor {
  #running: Promise<SweepReport> | null = null;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: JanitorOptions) {}

  /** One sweep; a call while one runs gets that one's report. */
  sweep(): Promise<SweepReport> {
    this.#running ??= this.#sweep().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** Sweeps now and then every intervalMs (the timer does not keep the process alive). */
  start(intervalMs = JANITOR_INTERVAL_MS): Promise<SweepReport> {
    this.#timer ??= setInterval(() => void this.sweep().catch(() => undefined), intervalMs);
    this.#timer.unref();
    return this.sweep();
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  async #sweep(): Promise<SweepReport> {
    const o = this.options;
    const now = (o.clock ?? (() => new Date()))().getTime();
    const cutoff = now - (o.graceMs ?? JANITOR_GRACE_MS);
    const report: SweepReport = {
      tmpFiles: 0,
      orphanDocuments: 0,
      orphans: [],
      runFolders: 0,
      uploads: 0,
      bytes: 0,
      failures: 0,
    };
    const failed = (e: unknown, what: string) => {
      report.failures++;
      o.log?.warn(e, `janitor: could not ${what}`);
    };

    // One walk of the data directory: temp files everywhere, candidate orphans in documents/.
    const candidates = new Map<string, string>(); // sha256 → file
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") failed(e, `read ${dir}`);
        return;
      }
      for (const entry of entries) {
        const file = path.join(dir, entry.name);
        // Import folders are the run-folder rule's and the jobs' (their temp files belong to running imports).
        if (entry.isDirectory()) {
          if (!(rel === "" && entry.name === IMPORTS_DIR))
            await walk(file, rel ? `${rel}/${entry.name}` : entry.name);
          continue;
        }
        if (!entry.isFile()) continue;
        const isTmp = entry.name.endsWith(".tmp");
        const sha = rel.startsWith(`${DOCUMENTS_DIR}/`)
          ? DOCUMENT_FILE_PATTERN.exec(entry.name)?.[1]
          : undefined;
        if (!isTmp && sha === undefined) continue;
        let info;
        try {
          info = await stat(file);
        } catch {
          continue; // renamed into place or removed meanwhile
        }
        if (info.mtimeMs >= cutoff) continue;
        if (sha !== undefined) candidates.set(sha, file);
        else if (await this.#remove(file, info.size, report, failed)) report.tmpFiles++;
      }
    };
    await walk(o.dataDir, "");

    if (candidates.size > 0) {
      // Asked after the listing: a document named by a commit made since was written since, so is not a candidate.
      for (const sha of await o.store.unreferencedDocuments([...candidates.keys()])) {
        const file = candidates.get(sha)!;
        // Touched since it was listed (the document store rewrites an existing document's time when it is stored
        // again): in use, leave it.
        const info = await stat(file).catch(() => null);
        if (!info || info.mtimeMs >= cutoff) continue;
        if (await this.#remove(file, info.size, report, failed)) {
          report.orphanDocuments++;
          if (report.orphans.length < LISTED_ORPHANS) report.orphans.push(sha);
        }
      }
    }

    try {
      report.runFolders = removeStaleRunFolders(
        path.join(o.dataDir, IMPORTS_DIR),
        now - LEGACY_RUN_RETENTION_MS,
        (e) => failed(e, "remove an import run folder"),
      );
    } catch (e) {
      failed(e, "read the imports folder");
    }
    if (o.imports) {
      try {
        const swept = o.imports.sweep();
        report.uploads = swept.uploads;
        report.bytes += swept.bytes;
      } catch (e) {
        failed(e, "remove uploads of ended import jobs");
      }
    }

    if (report.tmpFiles + report.orphanDocuments + report.runFolders + report.uploads > 0)
      o.log?.info(
        report,
        `janitor removed ${report.tmpFiles} temp files, ${report.orphanDocuments} orphan documents, ${report.runFolders} import run folders, ${report.uploads} uploads of ended imports (${report.bytes} bytes)${report.failures ? `; ${report.failures} could not be removed` : ""}`,
      );
    return report;
  }

  async #remove(
    file: string,
    size: number,
    report: SweepReport,
    failed: (e: unknown, what: string) => void,
  ): Promise<boolean> {
    try {
      await unlink(file);
      report.bytes += size;
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
      failed(e, `remove ${file}`);
      return false;
    }
  }
}
