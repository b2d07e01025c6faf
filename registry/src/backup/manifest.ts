// The backup manifest (manifest.json, written last): what was backed up, from where, and every file with its size,
// SHA-256 and mode. A directory without it is a partial backup; a file not matching it is damage.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_FORMAT = "elicence-backup/1";

export interface ManifestFile {
  /** Relative to the backup directory, with forward slashes. */
  path: string;
  size: number;
  sha256: string;
  /** Permission bits (e.g. 0o600 for key files), restored as they were. */
  mode: number;
}

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  createdAt: string;
  sourceDataDir: string;
  store: { kind: "sqlite"; file: string; schemaVersion: number };
  auditHead: { seq: number; hash: string } | null;
  licences: number;
  documents: number;
  /** Where the dev PKI's key passphrase is: in the backup (pki/passphrase), or not (environment, HSM). */
  passphrase: "in-backup" | "environment" | "pkcs11" | "none";
  files: ManifestFile[];
}

/** SHA-256 (hex) and size of a file, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const h = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest("hex"), size };
}

/** Every regular file below `dir`, relative, forward slashes, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** Reads and checks the manifest's shape; every problem is pushed to `problems`, null when unusable. */
export async function readManifest(dir: string, problems: string[]): Promise<BackupManifest | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST_FILE), "utf8");
  } catch {
    problems.push(
      `${MANIFEST_FILE} is missing: the backup did not finish (a manifest is written last), or this is not a backup directory`,
    );
    return null;
  }
  let m: BackupManifest;
  try {
    m = JSON.parse(text) as BackupManifest;
  } catch {
    problems.push(`${MANIFEST_FILE} is not valid JSON`);
    return null;
  }
  if (m?.format !== MANIFEST_FORMAT || !Array.isArray(m.files) || m.store?.kind !== "sqlite") {
    problems.push(`${MANIFEST_FILE} is not an eLicence backup manifest (format ${MANIFEST_FORMAT})`);
    return null;
  }
  for (const f of m.files)
    if (
      typeof f?.path !== "string" ||
      f.path.startsWith("/") ||
      f.path.split("/").includes("..") ||
      !/^[0-9a-f]{64}$/u.test(f.sha256 ?? "") ||
      !Number.isInteger(f.size) ||
      !Number.isInteger(f.mode)
    ) {
      problems.push(`${MANIFEST_FILE} has a malformed file entry: ${JSON.stringify(f)}`);
      return null;
    }
  return m;
}

/**
 * Checks a backup directory against its manifest: every listed file present with its size and SHA-256, no file that
 * is not listed. Returns the manifest and every problem found (empty when the backup is intact).
 */
export async function checkBackup(
  dir: string,
): Promise<{ manifest: BackupManifest | null; problems: string[] }> {
  const problems: string[] = [];
  const manifest = await readManifest(dir, problems);
  if (!manifest) return { manifest, problems };
  const present = new Set((await listFiles(dir)).filter((f) => f !== MANIFEST_FILE));
  for (const f of manifest.files) {
    if (!present.delete(f.path)) {
      problems.push(`${f.path}: missing`);
      continue;
    }
    const s = await stat(path.join(dir, f.path));
    if (s.size !== f.size) {
      problems.push(`${f.path}: ${s.size} bytes, the manifest says ${f.size}`);
      continue;
    }
    const { sha256 } = await hashFile(path.join(dir, f.path));
    if (sha256 !== f.sha256) problems.push(`${f.path}: SHA-256 ${sha256}, the manifest says ${f.sha256}`);
  }
  for (const extra of present)
    problems.push(`${extra}: not in the manifest (added after the backup was made)`);
  if (!manifest.files.some((f) => f.path === manifest.store.file))
    problems.push(`${manifest.store.file}: the database is not among the manifest's files`);
  return { manifest, problems };
}
