// Backup and restore of a SQLite data directory, on a real store, documents and PKI files: what the backup holds,
// every refusal (with every problem named), and the restore's atomicity. The online case (a serving registry under
// concurrent writers) is in scripts/cli/backup-restore.test.ts.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { DocumentStore } from "../documents/document-store.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import { BackupError } from "./backup-error.js";
import { createBackup } from "./create-backup.js";
import { checkBackup, hashFile, MANIFEST_FILE, type BackupManifest } from "./manifest.js";
import { restoreBackup } from "./restore-backup.js";

const dirs: string[] = [];
const tmp = (name: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), `elicence-backup-${name}-`));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const audit = (n: number) => ({
  actor: "cli",
  role: "admin",
  department: null,
  action: "key.create",
  target: `key-${n}`,
  holderCode: null,
  purpose: null,
  at: "2026-12-07T10:00:00.000Z",
});

/** A data directory: a migrated store with audit events, licences naming sealed documents, a PKI, an import run. */
async function dataDir(o: { licences?: number; missingDocument?: boolean } = {}): Promise<string> {
  const dir = tmp("data");
  const store = openSqliteStore(path.join(dir, "registry.sqlite"));
  await store.migrate();
  for (let i = 0; i < 3; i++) expect((await store.apply({ audit: [audit(i)] })).ok).toBe(true);
  const documents = new DocumentStore(path.join(dir, "documents"));
  const insert = store.db.prepare(
    `INSERT INTO licences (identifier, lineage, version, type_code, issuer_code, holder_code, state, valid_until,
       public_token, revision, created_at, record) VALUES (?, ?, 1, 'T', 'I', 'H', '01', NULL, ?, 1, ?, ?)`,
  );
  for (let i = 0; i < (o.licences ?? 3); i++) {
    const bytes = Buffer.from(`%PDF-1.7 licence ${i}`);
    const sha = o.missingDocument && i === 0 ? "f".repeat(64) : await documents.put(bytes);
    insert.run(`L${i}`, `L${i}`, `tok${i}`, "2026-12-07", JSON.stringify({ documentSha256: sha }));
  }
  await store.close();
  mkdirSync(path.join(dir, "pki", "keys"), { recursive: true });
  writeFileSync(path.join(dir, "pki", "passphrase"), "secret-passphrase\n", { mode: 0o600 });
  writeFileSync(path.join(dir, "pki", "keys", "seal.key.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\n", {
    mode: 0o600,
  });
  writeFileSync(path.join(dir, "pki", "state.json.abc123.tmp"), "{");
  mkdirSync(path.join(dir, "imports", "run-x"), { recursive: true });
  writeFileSync(path.join(dir, "imports", "run-x", "upload"), "a,b\n");
  return dir;
}

async function backupOf(data: string): Promise<string> {
  const target = path.join(tmp("target"), "bk");
  await createBackup({ dataDir: data, target, passphraseSource: "data-dir" });
  return target;
}

async function refusal(p: Promise<unknown>): Promise<BackupError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BackupError);
  return e as BackupError;
}

describe("createBackup", () => {
  it("copies the database snapshot, documents and PKI (passphrase included), skips import runs and temp files, manifest last", async () => {
    const data = await dataDir();
    const target = path.join(tmp("target"), "bk");
    const r = await createBackup({ dataDir: data, target, passphraseSource: "data-dir" });
    const m = JSON.parse(readFileSync(path.join(target, MANIFEST_FILE), "utf8")) as BackupManifest;
    expect(m).toEqual(r.manifest);
    expect(m.licences).toBe(3);
    expect(m.documents).toBe(3);
    expect(m.auditHead?.seq).toBe(3);
    expect(m.store).toEqual({ kind: "sqlite", file: "registry.sqlite", schemaVersion: expect.any(Number) });
    expect(m.passphrase).toBe("in-backup");
    const paths = m.files.map((f) => f.path);
    expect(paths).toContain("pki/passphrase");
    expect(paths).toContain("pki/keys/seal.key.pem");
    expect(paths.filter((p) => p.startsWith("documents/"))).toHaveLength(3);
    expect(paths.some((p) => p.startsWith("imports/") || p.endsWith(".tmp"))).toBe(false);
    expect(r.skipped.sort()).toEqual(["imports", "pki/state.json.abc123.tmp"]);
    expect(m.files.find((f) => f.path === "pki/keys/seal.key.pem")?.mode).toBe(0o600);
    // A standalone database file: no write-ahead log beside it.
    expect(readdirSync(target).sort()).toEqual(["documents", MANIFEST_FILE, "pki", "registry.sqlite"]);
    expect((await checkBackup(target)).problems).toEqual([]);
  });

  it("says the passphrase is not in the backup when it comes from the environment", async () => {
    const data = await dataDir();
    rmSync(path.join(data, "pki", "passphrase"));
    const target = path.join(tmp("target"), "bk");
    const r = await createBackup({ dataDir: data, target, passphraseSource: "environment" });
    expect(r.manifest.passphrase).toBe("environment");
  });

  it("refuses a non-empty target and one inside the data directory, writing nothing", async () => {
    const data = await dataDir();
    const target = tmp("full");
    writeFileSync(path.join(target, "notes.txt"), "mine");
    const e = await refusal(createBackup({ dataDir: data, target, passphraseSource: "data-dir" }));
    expect(e.code).toBe("REG_BACKUP_TARGET_NOT_EMPTY");
    expect(e.message).toContain("notes.txt");
    expect(readdirSync(target)).toEqual(["notes.txt"]);
    const inside = await refusal(
      createBackup({ dataDir: data, target: path.join(data, "bk"), passphraseSource: "data-dir" }),
    );
    expect(inside.code).toBe("REG_BACKUP_TARGET_NOT_EMPTY");
    expect(existsSync(path.join(data, "bk"))).toBe(false);
  });

  it("refuses a data directory without a database", async () => {
    const e = await refusal(
      createBackup({
        dataDir: tmp("empty"),
        target: path.join(tmp("t"), "bk"),
        passphraseSource: "data-dir",
      }),
    );
    expect(e.code).toBe("REG_BACKUP_NO_STORE");
  });

  it("leaves no manifest when a document the snapshot names is missing, and names it", async () => {
    const data = await dataDir({ missingDocument: true });
    const target = path.join(tmp("target"), "bk");
    const e = await refusal(createBackup({ dataDir: data, target, passphraseSource: "data-dir" }));
    expect(e.code).toBe("REG_BACKUP_INCONSISTENT");
    expect(e.problems).toEqual([expect.stringContaining(`documents/ff/${"f".repeat(64)}.pdf`)]);
    expect(existsSync(path.join(target, MANIFEST_FILE))).toBe(false);
  });
});

describe("restoreBackup", () => {
  it("restores every file with its mode, verifies the audit chain against the manifest, leaves no temp directory", async () => {
    const data = await dataDir();
    const bk = await backupOf(data);
    const parent = tmp("restore");
    const target = path.join(parent, "data");
    const r = await restoreBackup({ backupDir: bk, dataDir: target });
    expect(r.audit).toMatchObject({ ok: true, events: 3, head: r.manifest.auditHead });
    expect(r.movedAside).toBeNull();
    expect(readdirSync(parent)).toEqual(["data"]);
    for (const f of r.manifest.files.filter((f) => f.path !== "registry.sqlite")) {
      const file = path.join(target, f.path);
      expect((await hashFile(file)).sha256).toBe(f.sha256);
      expect(statSync(file).mode & 0o777).toBe(f.mode);
    }
    const db = new Database(path.join(target, "registry.sqlite"), { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM licences").get()).toEqual({ n: 3 });
    db.close();
  });

  it("refuses a backup without a manifest (a partial one)", async () => {
    const bk = await backupOf(await dataDir());
    rmSync(path.join(bk, MANIFEST_FILE));
    const target = path.join(tmp("restore"), "data");
    const e = await refusal(restoreBackup({ backupDir: bk, dataDir: target }));
    expect(e.code).toBe("REG_BACKUP_DAMAGED");
    expect(e.problems).toEqual([expect.stringContaining("manifest.json is missing")]);
    expect(existsSync(target)).toBe(false);
  });

  it("refuses a damaged backup naming every missing, extra and changed file at once", async () => {
    const bk = await backupOf(await dataDir());
    const m = JSON.parse(readFileSync(path.join(bk, MANIFEST_FILE), "utf8")) as BackupManifest;
    const doc = m.files.find((f) => f.path.startsWith("documents/"))?.path ?? "";
    rmSync(path.join(bk, "pki", "passphrase"));
    writeFileSync(path.join(bk, "pki", "planted.pem"), "x");
    const bytes = readFileSync(path.join(bk, doc));
    bytes[0] = bytes[0]! ^ 1; // same size, other content
    writeFileSync(path.join(bk, doc), bytes);
    const parent = tmp("restore");
    const e = await refusal(restoreBackup({ backupDir: bk, dataDir: path.join(parent, "data") }));
    expect(e.code).toBe("REG_BACKUP_DAMAGED");
    expect(e.problems).toHaveLength(3);
    expect(e.message).toContain("pki/passphrase: missing");
    expect(e.message).toContain("pki/planted.pem: not in the manifest");
    expect(e.message).toContain(`${doc}: SHA-256`);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("refuses a non-empty data directory; --force moves it aside and keeps it", async () => {
    const bk = await backupOf(await dataDir());
    const parent = tmp("restore");
    const target = path.join(parent, "data");
    mkdirSync(target);
    writeFileSync(path.join(target, "registry.sqlite"), "old");
    const e = await refusal(restoreBackup({ backupDir: bk, dataDir: target }));
    expect(e.code).toBe("REG_RESTORE_TARGET_NOT_EMPTY");
    expect(readFileSync(path.join(target, "registry.sqlite"), "utf8")).toBe("old");

    writeFileSync(path.join(target, "registry.sqlite-wal"), "");
    const inUse = await refusal(restoreBackup({ backupDir: bk, dataDir: target, force: true }));
    expect(inUse.code).toBe("REG_RESTORE_TARGET_IN_USE");
    rmSync(path.join(target, "registry.sqlite-wal"));

    const r = await restoreBackup({ backupDir: bk, dataDir: target, force: true });
    expect(r.movedAside).not.toBeNull();
    expect(readFileSync(path.join(r.movedAside ?? "", "registry.sqlite"), "utf8")).toBe("old");
    expect(readdirSync(parent).sort()).toEqual(["data", path.basename(r.movedAside ?? "")].sort());
    expect(existsSync(path.join(target, "pki", "passphrase"))).toBe(true);
  });

  it("restores into an existing empty directory", async () => {
    const bk = await backupOf(await dataDir());
    const target = tmp("empty-target");
    chmodSync(target, 0o700);
    const r = await restoreBackup({ backupDir: bk, dataDir: target });
    expect(r.audit.ok).toBe(true);
    expect(existsSync(path.join(target, "registry.sqlite"))).toBe(true);
  });

  it("refuses a backup whose audit chain was rewritten (manifest made to match), restoring nothing", async () => {
    const bk = await backupOf(await dataDir());
    const dbFile = path.join(bk, "registry.sqlite");
    const db = new Database(dbFile);
    db.prepare("UPDATE audit_events SET target = 'forged' WHERE seq = 2").run();
    db.close();
    // Someone who rewrites the database can rewrite the manifest too: the chain still tells.
    const m = JSON.parse(readFileSync(path.join(bk, MANIFEST_FILE), "utf8")) as BackupManifest;
    const entry = m.files.find((f) => f.path === "registry.sqlite")!;
    Object.assign(entry, await hashFile(dbFile));
    writeFileSync(path.join(bk, MANIFEST_FILE), JSON.stringify(m));
    const parent = tmp("restore");
    const e = await refusal(restoreBackup({ backupDir: bk, dataDir: path.join(parent, "data") }));
    expect(e.code).toBe("REG_RESTORE_AUDIT_BROKEN");
    expect(e.message).toContain("#2");
    expect(readdirSync(parent)).toEqual([]);
  });
});
