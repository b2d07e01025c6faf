// A consistent copy of the live SQLite database through SQLite's online backup API, and what a backup needs to know
// about that copy (schema version, audit head, licences and the sealed documents they refer to).
import Database from "better-sqlite3";
import { sqliteSchemaVersion } from "../store/sqlite-migrations.js";

export interface SnapshotFacts {
  schemaVersion: number;
  auditHead: { seq: number; hash: string } | null;
  licences: number;
  /** SHA-256 of every sealed document a licence in the snapshot refers to. */
  documents: string[];
}

/**
 * Copies `source` (in use by a server or not) into the new file `target`. The first step copies 100 pages, the second
 * everything left in one read transaction: a writer committing in between makes SQLite restart that step from the
 * start, so the copy is the database as of one commit, and writers (WAL) are never blocked by it.
 */
export async function snapshotSqlite(source: string, target: string): Promise<void> {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 10000");
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  // A standalone file: no write-ahead log beside it, nothing of the server's WAL mode to carry into the backup.
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
  } finally {
    copy.close();
  }
}

/** Reads the facts of a snapshot (or a restored database); throws when SQLite finds the file damaged. */
export function snapshotFacts(file: string): SnapshotFacts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`SQLite quick_check of ${file}: ${String(check)}`);
    const head = db.prepare("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").get() as
      { seq: number; hash: string } | undefined;
    const { n } = db.prepare("SELECT count(*) AS n FROM licences").get() as { n: number };
    const documents = (
      db
        .prepare(
          `SELECT DISTINCT json_extract(record, '$.documentSha256') AS sha256 FROM licences
            WHERE json_extract(record, '$.documentSha256') IS NOT NULL ORDER BY 1`,
        )
        .all() as { sha256: string }[]
    ).map((r) => r.sha256);
    return {
      schemaVersion: sqliteSchemaVersion(db),
      auditHead: head ? { seq: head.seq, hash: head.hash } : null,
      licences: n,
      documents,
    };
  } finally {
    db.close();
  }
}
