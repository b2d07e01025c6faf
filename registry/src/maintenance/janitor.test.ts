// The janitor on crafted leftovers: old and new .tmp files, orphan and referenced documents, run-* folders of dead,
// living and unknown processes. What it must never touch matters as much as what it removes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore, type SqliteStore } from "../store/sqlite-store.js";
import { auditInput, makeLicence, SEAL_CITY_A, sealUsage } from "../../test/store/licence-fixtures.js";
import type { ImportDeps } from "../conversion/index.js";
import { ImportJobs } from "../conversion/jobs/import-jobs.js";
import { DocumentStore } from "../documents/document-store.js";
import { Janitor, type SweepReport } from "./janitor.js";

const HOUR = 3600_000;
let dir: string;
let store: SqliteStore;
let now: Date;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "elicence-janitor-"));
  store = openSqliteStore(path.join(dir, "registry.sqlite"));
  await store.migrate();
  now = new Date();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a file (creating its folder) and sets its modification time `ageMs` before now. */
function leave(rel: string, ageMs: number, content: string | Buffer = "x"): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  age(file, ageMs);
  return file;
}
function age(file: string, ageMs: number): void {
  const t = (now.getTime() - ageMs) / 1000;
  utimesSync(file, t, t);
}
const docPath = (sha: string) => `documents/${sha.slice(0, 2)}/${sha}.pdf`;
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function janitor(extra: { imports?: ImportJobs } = {}) {
  const lines: { report: SweepReport; message: string }[] = [];
  const j = new Janitor({
    dataDir: dir,
    store,
    clock: () => now,
    graceMs: HOUR,
    ...extra,
    log: { info: (report, message) => lines.push({ report, message }), warn: () => undefined },
  });
  return { j, lines };
}

describe("the janitor", () => {
  it("removes old .tmp files anywhere in the data directory and leaves young ones (a write in flight)", async () => {
    const old = [
      leave(`${docPath(sha("a"))}.4242-1.tmp`, 2 * HOUR),
      leave("pki/state.json.a1b2c3.tmp", 2 * HOUR),
      leave(".disk-probe.4242.tmp", 2 * HOUR),
    ];
    const young = leave(`${docPath(sha("b"))}.${process.pid}-7.tmp`, 60_000);
    const other = leave("pki/root.pem", 30 * 24 * HOUR);
    const { j, lines } = janitor();
    const report = await j.sweep();
    expect(report).toMatchObject({ tmpFiles: 3, orphanDocuments: 0, bytes: 3, failures: 0 });
    for (const f of old) expect(existsSync(f)).toBe(false);
    expect(existsSync(young)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.message).toMatch(/^janitor removed 3 temp files, 0 orphan documents/);
    // Nothing left to do: no line.
    await j.sweep();
    expect(lines).toHaveLength(1);
  });

  it("removes old documents nothing names, keeps those a licence or the seal ledger names and young ones", async () => {
    const referenced = makeLicence({ serial: "2430701" });
    const usage = sealUsage(SEAL_CITY_A, referenced, "2026-11-29T02:00:00.000Z");
    const copy = sealUsage(SEAL_CITY_A, referenced, "2026-11-29T03:00:00.000Z"); // an annotated copy: ledger only
    expect(
      (
        await store.apply({
          insertLicences: [{ ...referenced, documentSha256: usage.documentSha256 }],
          sealUsage: [usage, copy],
          audit: [auditInput("licence.issue", referenced.identifier, referenced.holder.code)],
        })
      ).ok,
    ).toBe(true);
    const kept = [
      leave(docPath(usage.documentSha256), 48 * HOUR),
      leave(docPath(copy.documentSha256), 48 * HOUR),
    ];
    const orphan = sha("sealed, then the commit failed");
    const orphanFile = leave(docPath(orphan), 2 * HOUR, "%PDF orphan");
    const youngOrphan = leave(docPath(sha("being committed right now")), 10_000);
    const notADocument = leave("documents/ab/notes.txt", 48 * HOUR);

    const { j, lines } = janitor();
    const report = await j.sweep();
    expect(report).toMatchObject({ orphanDocuments: 1, orphans: [orphan], tmpFiles: 0, bytes: 11 });
    expect(existsSync(orphanFile)).toBe(false);
    for (const f of [...kept, youngOrphan, notADocument]) expect(existsSync(f)).toBe(true);
    expect(lines[0]!.report.orphans).toEqual([orphan]);
  });

  it("leaves an old document that is stored again (its time renewed) while its commit is under way", async () => {
    const documents = new DocumentStore(path.join(dir, "documents"));
    const bytes = Buffer.from("%PDF the same sealed bytes twice");
    const hash = await documents.put(bytes);
    age(path.join(dir, docPath(hash)), 48 * HOUR);
    await documents.put(bytes); // content-addressed: not rewritten, but touched
    const report = await janitor().j.sweep();
    expect(report.orphanDocuments).toBe(0);
    expect(readFileSync(path.join(dir, docPath(hash)))).toEqual(bytes);
  });

  it("removes run folders of processes that are gone and old ones of unknown processes; keeps live ones", async () => {
    const pidMax = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8"));
    const dead = leave(`imports/run-${pidMax}-a1B2c3/imp_x/register.upload`, 60_000); // no process has this id
    const legacyOld = leave("imports/run-Xy12Zq/imp_y/register.upload", 48 * HOUR);
    const legacyRecent = leave("imports/run-Qw34Er/imp_z/register.upload", HOUR);
    // The parent process is alive: its folder may be another registry's, kept until old.
    const otherLive = leave(`imports/run-${process.ppid}-Zz9Yy8/imp_w/register.upload`, HOUR);
    for (const f of [dead, legacyOld, legacyRecent, otherLive]) age(path.dirname(path.dirname(f)), 0);
    age(path.dirname(path.dirname(legacyOld)), 48 * HOUR);
    const jobs = new ImportJobs({} as ImportDeps, { dir: path.join(dir, "imports"), clock: () => now });
    try {
      // ImportJobs' own start already cleared what was stale: leave the same again for the janitor.
      const deadAgain = leave(`imports/run-${pidMax}-d4E5f6/imp_v/register.upload`, 60_000);
      const ownPidOld = leave(`imports/run-${process.pid}-Prev01/imp_u/register.upload`, 60_000);
      const mine = jobs.prepare();
      writeFileSync(mine.uploadPath, "a,b\n");
      const report = await janitor({ imports: jobs }).j.sweep();
      expect(report.runFolders).toBe(2);
      expect(existsSync(deadAgain)).toBe(false);
      expect(existsSync(ownPidOld)).toBe(false); // a former incarnation with this process's id (a container restart)
      expect(existsSync(mine.uploadPath)).toBe(true);
      expect(existsSync(legacyRecent)).toBe(true);
      expect(existsSync(otherLive)).toBe(true);
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(legacyOld)).toBe(false);
    } finally {
      await jobs.close();
    }
  });
});
