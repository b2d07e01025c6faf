// Errors of `elicence backup` and `elicence restore`: each names what is wrong and what to do; `problems` lists every
// finding at once (a damaged backup names every missing, extra or changed file, not only the first).

export type BackupErrorCode =
  | "REG_BACKUP_TARGET_NOT_EMPTY"
  | "REG_BACKUP_MONGODB"
  | "REG_BACKUP_NO_STORE"
  | "REG_BACKUP_INCONSISTENT"
  | "REG_BACKUP_DAMAGED"
  | "REG_RESTORE_TARGET_NOT_EMPTY"
  | "REG_RESTORE_TARGET_IN_USE"
  | "REG_RESTORE_AUDIT_BROKEN";

/** The catalogue for docs/errors.md. */
export const BACKUP_ERROR_CODES: Readonly<Record<BackupErrorCode, string>> = {
  REG_BACKUP_TARGET_NOT_EMPTY:
    "The backup directory already holds files: name a new or empty directory (a backup is never mixed into another).",
  REG_BACKUP_MONGODB:
    "This command backs up the SQLite store only: dump MongoDB with mongodump, then copy <data>/documents (after the dump, so every document the dump names is there) and <data>/pki (with its passphrase file, if any).",
  REG_BACKUP_NO_STORE:
    "The data directory has no SQLite database (registry.sqlite): check ELICENCE_DATA_DIR.",
  REG_BACKUP_INCONSISTENT:
    "The snapshot refers to sealed documents that are not in the backup (missing or corrupt in the data directory); the backup was left without a manifest, so it cannot be restored.",
  REG_BACKUP_DAMAGED:
    "The backup is incomplete or changed (no manifest, or files missing, extra or not matching their SHA-256): nothing was restored. Use another backup.",
  REG_RESTORE_TARGET_NOT_EMPTY:
    "The data directory to restore into already holds files: name a new or empty directory, or add --force to move the existing one aside (it is kept, renamed).",
  REG_RESTORE_TARGET_IN_USE:
    "The data directory's database has a write-ahead log beside it: a server may be running on it (or stopped uncleanly). Stop the server (and start and stop it once after a crash), then restore again.",
  REG_RESTORE_AUDIT_BROKEN:
    "The restored database's audit chain does not verify, or its head differs from the manifest's: nothing was restored. Use another backup.",
};

export class BackupError extends Error {
  override readonly name = "BackupError";

  constructor(
    readonly code: BackupErrorCode,
    /** What happened here (paths, counts); the catalogue's advice follows it. */
    what: string,
    readonly problems: readonly string[] = [],
  ) {
    super(`${code}: ${what} ${BACKUP_ERROR_CODES[code]}` + problems.map((p) => `\n  - ${p}`).join(""));
  }
}
