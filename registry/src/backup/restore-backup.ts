// `elicence restore DIR`: checks the backup against its manifest (every file, its size and SHA-256, nothing extra),
// copies it into a temp directory beside the target, checks the copies again, verifies the restored audit chain
// against the manifest's head, and only then renames the temp directory into place: the target is either the whole
// backup or untouched.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { verifyAuditChain, type AuditVerification } from "../audit/verify-audit.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import { BackupError } from "./backup-error.js";
import { copyHashed, fsync } from "./copy-file.js";
import { COPY_CONCURRENCY, DATABASE_FILE } from "./create-backup.js";
import { eachLimited } from "./each-limited.js";
import { checkBackup, type BackupManifest } from "./manifest.js";

export interface RestoreOptions {
  backupDir: string;
  dataDir: string;
  /** Restore into a non-empty data directory: it is moved aside (kept, renamed), never deleted. */
  force?: boolean;
  now?: () => Date;
}

export interface RestoreResult {
  manifest: BackupManifest;
  audit: AuditVerification;
  /** Where the data directory that was there before went (with --force), or null. */
  movedAside: string | null;
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreResult> {
  const now = o.now ?? (() => new Date());
  const backupDir = path.resolve(o.backupDir);
  const target = path.resolve(o.dataDir);
  const { manifest, problems } = await checkBackup(backupDir);
  if (!manifest || problems.length > 0)
    throw new BackupError(
      "REG_BACKUP_DAMAGED",
      `${backupDir}: ${problems.length} problem${problems.length === 1 ? "" : "s"}.`,
      problems,
    );

  const existing = existsSync(target) ? await readdir(target) : [];
  if (existing.length > 0) {
    if (!o.force)
      throw new BackupError(
        "REG_RESTORE_TARGET_NOT_EMPTY",
        `${target} holds ${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", …" : ""}.`,
      );
    const live = [`${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`].filter((f) => existing.includes(f));
    if (live.length > 0)
      throw new BackupError("REG_RESTORE_TARGET_IN_USE", `${target} has ${live.join(" and ")}.`);
  }

  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const temp = path.join(parent, `.${path.basename(target)}.restore-${randomBytes(4).toString("hex")}`);
  await mkdir(temp, { mode: 0o700 });
  try {
    const changed: string[] = [];
    await eachLimited(manifest.files, COPY_CONCURRENCY, async (f) => {
      const to = path.join(temp, ...f.path.split("/"));
      await mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
      // Checked again as copied: the backup may have changed since it was checked.
      const c = await copyHashed(path.join(backupDir, ...f.path.split("/")), to, f.mode);
      if (c.sha256 !== f.sha256) changed.push(`${f.path}: changed while it was restored`);
    });
    if (changed.length > 0)
      throw new BackupError("REG_BACKUP_DAMAGED", `${backupDir} changed during the restore.`, changed);
    for (const dir of new Set(manifest.files.map((f) => path.dirname(path.join(temp, f.path)))))
      await fsync(dir);

    const store = openSqliteStore(path.join(temp, manifest.store.file));
    let audit: AuditVerification;
    try {
      audit = await verifyAuditChain(store);
    } finally {
      await store.close();
    }
    const want = manifest.auditHead;
    if (!audit.ok || audit.head?.seq !== want?.seq || audit.head?.hash !== want?.hash)
      throw new BackupError(
        "REG_RESTORE_AUDIT_BROKEN",
        audit.ok
          ? `The restored head is #${audit.head?.seq ?? 0} ${audit.head?.hash ?? ""}, the manifest's #${want?.seq ?? 0} ${want?.hash ?? ""}.`
          : `The chain breaks at event #${audit.firstBreak?.seq ?? "?"}: ${audit.firstBreak?.message ?? ""}.`,
      );

    let movedAside: string | null = null;
    if (existing.length > 0) {
      movedAside = `${target}.replaced-${now().toISOString().replace(/[:.]/gu, "-")}`;
      await rename(target, movedAside);
    }
    // rename(2) replaces an empty directory; a non-empty one was moved aside above.
    await rename(temp, target);
    await fsync(parent);
    return { manifest, audit, movedAside };
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    throw e;
  }
}
