// `elicence backup DIR`: an online backup of a SQLite data directory, consistent while the server writes.
// Order matters: (1) the database snapshot, as of one commit; (2) the sealed documents — written and made durable
// before any row refers to them and never deleted, so every document the snapshot names exists by now, and the ones
// written since are harmless extras; (3) the rest of the data directory (the PKI after the database, so a seal
// revoked during the backup is revoked in it too); (4) a check that the backup holds every document the snapshot
// names, intact; (5) the manifest, last and atomically: a backup that stopped anywhere before has none.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { documentFileName } from "../documents/document-store.js";
import { BackupError } from "./backup-error.js";
import { copyHashed, fsync, type Copied } from "./copy-file.js";
import { eachLimited } from "./each-limited.js";
import {
  hashFile,
  listFiles,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  type BackupManifest,
  type ManifestFile,
} from "./manifest.js";
import { snapshotFacts, snapshotSqlite } from "./sqlite-snapshot.js";

export const DATABASE_FILE = "registry.sqlite";
export const DOCUMENTS_DIR = "documents";
/** Files copied at once (each is fsync'd: latency-bound). */
export const COPY_CONCURRENCY = 8;

/**
 * Not copied: the live database and its journal files (the snapshot replaces them), import jobs (their files do not
 * survive a restart either: the upload is repeated), and temp files of writes in flight.
 */
const SKIPPED_TOP = new Set([
  DATABASE_FILE,
  `${DATABASE_FILE}-wal`,
  `${DATABASE_FILE}-shm`,
  `${DATABASE_FILE}-journal`,
  "imports",
]);
const isTemp = (rel: string) => rel.endsWith(".tmp");
const top = (rel: string) => rel.split("/")[0] ?? rel;

export interface BackupOptions {
  dataDir: string;
  target: string;
  /** Where the dev PKI's passphrase comes from: ELICENCE_KEY_PASSPHRASE, a PKCS#11 token, or the data directory. */
  passphraseSource: "environment" | "pkcs11" | "data-dir";
  now?: () => Date;
}

export interface BackupResult {
  manifest: BackupManifest;
  /** Files of the documents directory beyond those the snapshot names (written during the backup, or orphans). */
  extraDocuments: number;
  skipped: string[];
  bytes: number;
}

export async function createBackup(o: BackupOptions): Promise<BackupResult> {
  const now = o.now ?? (() => new Date());
  const dataDir = path.resolve(o.dataDir);
  const target = path.resolve(o.target);
  const source = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(source)) throw new BackupError("REG_BACKUP_NO_STORE", `There is no ${source}.`);
  if (target === dataDir || target.startsWith(dataDir + path.sep))
    throw new BackupError(
      "REG_BACKUP_TARGET_NOT_EMPTY",
      `The backup directory ${target} is inside the data directory ${dataDir}: put it elsewhere.`,
    );
  await mkdir(target, { recursive: true, mode: 0o700 });
  const already = await readdir(target);
  if (already.length > 0)
    throw new BackupError(
      "REG_BACKUP_TARGET_NOT_EMPTY",
      `${target} holds ${already.length} entr${already.length === 1 ? "y" : "ies"} (${already.slice(0, 3).join(", ")}${already.length > 3 ? ", …" : ""}).`,
    );
  const createdAt = now().toISOString();

  // (1) The database, as of one commit.
  const dbCopy = path.join(target, DATABASE_FILE);
  await snapshotSqlite(source, dbCopy);
  const facts = snapshotFacts(dbCopy);

  // (2) and (3): every other file of the data directory, documents first.
  const files: ManifestFile[] = [];
  const skipped = new Set<string>();
  const copied = new Map<string, string>();
  const order = (rel: string) => (top(rel) === DOCUMENTS_DIR ? 0 : 1);
  const toCopy = (await listFiles(dataDir))
    .filter((rel) => {
      if (!SKIPPED_TOP.has(top(rel)) && !isTemp(rel)) return true;
      if (!top(rel).startsWith(DATABASE_FILE)) skipped.add(isTemp(rel) ? rel : top(rel));
      return false;
    })
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  await eachLimited(toCopy, COPY_CONCURRENCY, async (rel) => {
    const from = path.join(dataDir, ...rel.split("/"));
    const to = path.join(target, ...rel.split("/"));
    await mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
    let c: Copied;
    try {
      c = await copyHashed(from, to);
    } catch (e) {
      // A temp file renamed away between the listing and the copy: not part of the data.
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw e;
    }
    files.push({ path: rel, ...c });
    copied.set(rel, c.sha256);
  });
  files.sort((a, b) => a.path.localeCompare(b.path));
  for (const dir of new Set(files.map((f) => path.dirname(path.join(target, f.path))))) await fsync(dir);

  // (4) Every document the snapshot names is in the backup, and is what its name says.
  const problems: string[] = [];
  for (const sha of facts.documents) {
    const rel = `${DOCUMENTS_DIR}/${sha.slice(0, 2)}/${documentFileName(sha)}`;
    const got = copied.get(rel);
    if (got === undefined) problems.push(`${rel}: named by a licence in the snapshot, not in ${dataDir}`);
    else if (got !== sha) problems.push(`${rel}: its content has SHA-256 ${got} (corrupt in ${dataDir})`);
  }
  if (problems.length > 0)
    throw new BackupError(
      "REG_BACKUP_INCONSISTENT",
      `${problems.length} of ${facts.documents.length} sealed documents are not in ${target}.`,
      problems,
    );

  // (5) The manifest, last, atomically.
  await chmod(dbCopy, 0o600);
  await fsync(dbCopy);
  const db = await hashFile(dbCopy);
  files.unshift({ path: DATABASE_FILE, size: db.size, sha256: db.sha256, mode: 0o600 });
  const passphrase =
    o.passphraseSource === "environment"
      ? "environment"
      : o.passphraseSource === "pkcs11"
        ? "pkcs11"
        : copied.has("pki/passphrase")
          ? "in-backup"
          : "none";
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    createdAt,
    sourceDataDir: dataDir,
    store: { kind: "sqlite", file: DATABASE_FILE, schemaVersion: facts.schemaVersion },
    auditHead: facts.auditHead,
    licences: facts.licences,
    documents: facts.documents.length,
    passphrase,
    files,
  };
  const final = path.join(target, MANIFEST_FILE);
  const temp = `${final}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flush: true });
  await rename(temp, final);
  await fsync(target);
  const documentFiles = files.filter((f) => top(f.path) === DOCUMENTS_DIR).length;
  return {
    manifest,
    extraDocuments: documentFiles - facts.documents.length,
    skipped: [...skipped],
    bytes: files.reduce((n, f) => n + f.size, 0),
  };
}
