// The SQLite store: the shared contract on a temp file and in memory, plus what only a file can show
// (pragmas, reopening, a hand edit of the audit table, a database from a newer release).
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { SQLITE_MIGRATIONS, migrateSqlite } from "../../src/store/sqlite-migrations.js";
import { openSqliteStore, STATUS_BY_TOKEN } from "../../src/store/sqlite-store.js";
import type { SqliteStore } from "../../src/store/sqlite-store.js";
import { SEAL_CITY_A, auditInput, makeLicence, sealUsage } from "./licence-fixtures.js";
import { describeStoreContract, firstAuditBreak } from "./store-contract.js";

const dir = mkdtempSync(join(tmpdir(), "elicence-store-"));
let files = 0;
const tempPath = () => join(dir, `registry-${++files}.db`);
const LATEST = SQLITE_MIGRATIONS.length;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract("sqlite file", async () => openSqliteStore(tempPath()));
describeStoreContract("sqlite :memory:", async () => openSqliteStore(":memory:"));

describe("openStore", () => {
  it("opens the SQLite store from config, ready to migrate", async () => {
    const store = await openStore({ kind: "sqlite", path: tempPath() });
    try {
      expect(store.kind).toBe("sqlite");
      expect(await store.migrate()).toEqual({ from: 0, to: LATEST });
    } finally {
      await store.close();
    }
  });
});

describe("sqlite store on a file", () => {
  let path: string;
  let store: SqliteStore;

  beforeEach(async () => {
    path = tempPath();
    store = openSqliteStore(path, { now: () => new Date("2025-03-01T00:00:00.000Z") });
    await store.migrate();
    for (let i = 0; i < 5; i++) {
      const record = makeLicence({ serial: `243060${i}` });
      const result = await store.apply({
        insertLicences: [record],
        audit: [
          auditInput(
            "licence.issue",
            record.identifier,
            record.holder.code,
            `2025-03-0${i + 1}T08:00:00.000Z`,
            {
              purpose: "新办",
            },
          ),
        ],
      });
      expect(result.ok).toBe(true);
    }
  });
  afterEach(async () => {
    await store.close();
  });

  it("runs with WAL, synchronous FULL, foreign keys and a busy timeout", () => {
    const pragma = (name: string) => store.db.pragma(name, { simple: true });
    expect(pragma("journal_mode")).toBe("wal");
    expect(pragma("synchronous")).toBe(2);
    expect(pragma("foreign_keys")).toBe(1);
    expect(pragma("busy_timeout")).toBe(5000);
  });

  it("keeps the data and the schema version across a reopen", async () => {
    await store.close();
    store = openSqliteStore(path);
    expect(await store.migrate()).toEqual({ from: LATEST, to: LATEST });
    expect(await store.readAudit(0, 100)).toHaveLength(5);
    expect(await firstAuditBreak(store)).toBeNull();
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare("SELECT version, applied_at FROM schema_migrations").all()).toEqual(
        SQLITE_MIGRATIONS.map((m) => ({ version: m.version, applied_at: "2025-03-01T00:00:00.000Z" })),
      );
    } finally {
      raw.close();
    }
  });

  it("finds an audit row edited by hand in the SQLite file at its seq", async () => {
    await store.close();
    const raw = new Database(path);
    try {
      raw.prepare("UPDATE audit_events SET purpose = 'x' WHERE seq = 3").run();
    } finally {
      raw.close();
    }
    store = openSqliteStore(path);
    expect(await firstAuditBreak(store)).toMatchObject({ seq: 3, problem: "leaf-hash-mismatch" });
  });

  it("finds a deleted audit row as a gap in the chain", async () => {
    await store.close();
    const raw = new Database(path);
    try {
      raw.prepare("DELETE FROM audit_events WHERE seq = 2").run();
    } finally {
      raw.close();
    }
    store = openSqliteStore(path);
    expect(await firstAuditBreak(store)).toMatchObject({ seq: 3, problem: "seq-gap" });
  });

  it("refuses a database written by a newer release (REG_STORE_SCHEMA_TOO_NEW)", async () => {
    await store.close();
    const raw = new Database(path);
    try {
      raw
        .prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)")
        .run(99, "from the future", "2030-01-01T00:00:00.000Z");
    } finally {
      raw.close();
    }
    store = openSqliteStore(path);
    await expect(store.migrate()).rejects.toMatchObject({
      code: "REG_STORE_SCHEMA_TOO_NEW",
      message: expect.stringContaining("schema version 99"),
    });
  });

  it("chains off the real head when two connections write to the same file", async () => {
    const other = openSqliteStore(path);
    try {
      for (const [i, writer] of [store, other, other, store].entries())
        await writer.apply({
          audit: [
            auditInput(
              "holder.lookup",
              "33010619850715321X",
              "33010619850715321X",
              `2025-04-0${i + 1}T00:00:00.000Z`,
            ),
          ],
        });
    } finally {
      await other.close();
    }
    expect((await store.readAudit(0, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await firstAuditBreak(store)).toBeNull();
  });

  it("answers ping until closed", async () => {
    expect(await store.ping()).toBe(true);
    await store.close();
    expect(await store.ping()).toBe(false);
  });
});

describe("sqlite paper-number index (migration 2)", () => {
  it("upgrades a version-1 database with paper licences in it, and the lookup then uses the index", async () => {
    const path = tempPath();
    const raw = new Database(path);
    migrateSqlite(raw, () => new Date("2025-03-01T00:00:00.000Z"), SQLITE_MIGRATIONS.slice(0, 1));
    raw.close();
    const store = openSqliteStore(path);
    try {
      const paper = makeLicence({ serial: "P0017" });
      expect((await store.apply({ insertLicences: [paper], audit: [] })).ok).toBe(true);
      expect(await store.migrate()).toEqual({ from: 1, to: LATEST });
      const paperNumber = paper.provenance.kind === "paper" ? paper.provenance.paperNumber : "";
      expect(await store.findByPaperNumbers(paper.typeCode, paper.issuer.code, [paperNumber])).toEqual([
        paper,
      ]);
      const plan = store.db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT record FROM licences WHERE type_code = ? AND issuer_code = ?
             AND json_extract(record, '$.provenance.paperNumber') IN (?, ?)`,
        )
        .all("t", "i", "a", "b") as { detail: string }[];
      expect(plan.map((p) => p.detail).join("\n")).toContain("licences_paper_number");
    } finally {
      await store.close();
    }
  });
});

describe("sqlite seal-usage ledger and unsealed index (migration 3)", () => {
  const plan = (store: SqliteStore, text: string, ...params: unknown[]) =>
    (store.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[])
      .map((p) => p.detail)
      .join("\n");

  it("upgrades a version-2 database with licences in it; findUnsealed and the ledger filters use their indexes", async () => {
    const path = tempPath();
    const raw = new Database(path);
    migrateSqlite(raw, () => new Date("2025-03-01T00:00:00.000Z"), SQLITE_MIGRATIONS.slice(0, 2));
    raw.close();
    const store = openSqliteStore(path);
    try {
      const unsealed = makeLicence({ serial: "P0017" });
      const sealed = { ...makeLicence({ serial: "2430599" }), documentSha256: "ab".repeat(32) };
      expect((await store.apply({ insertLicences: [unsealed, sealed], audit: [] })).ok).toBe(true);
      expect(await store.migrate()).toEqual({ from: 2, to: LATEST });
      expect(await store.findUnsealed(10)).toEqual([unsealed]);
      const usage = sealUsage(SEAL_CITY_A, sealed, "2025-03-02T09:00:00.000Z");
      expect((await store.apply({ sealUsage: [usage], audit: [] })).ok).toBe(true);
      expect((await store.listSealUsage({ identifier: sealed.identifier, limit: 5 })).items).toEqual([
        { ...usage, seq: 1 },
      ]);

      // The same text as findUnsealed: the partial index serves both the filter and the order.
      const unsealedPlan = plan(
        store,
        `SELECT record FROM licences WHERE json_extract(record, '$.documentSha256') IS NULL
           ORDER BY created_at, identifier LIMIT ?`,
        10,
      );
      expect(unsealedPlan).toContain("licences_unsealed");
      expect(unsealedPlan).not.toContain("TEMP B-TREE");
      // findUnsealed's and the parked reads' texts: the partial indexes of migration 8 serve filter and order.
      const sealablePlan = plan(
        store,
        `SELECT record FROM licences WHERE json_extract(record, '$.documentSha256') IS NULL
             AND json_extract(record, '$.sealing.parkedAt') IS NULL AND (json_extract(record, '$.sealing.retryAt') IS NULL
                 OR json_extract(record, '$.sealing.retryAt') <= ?)
           ORDER BY created_at, identifier LIMIT ?`,
        "2026-01-01T00:00:00.000Z",
        10,
      );
      expect(sealablePlan).toContain("licences_sealable");
      expect(sealablePlan).not.toContain("TEMP B-TREE");
      const parkedPlan = plan(
        store,
        `SELECT count(*) AS n FROM licences WHERE json_extract(record, '$.documentSha256') IS NULL
           AND json_extract(record, '$.sealing.parkedAt') IS NOT NULL
           AND json_extract(record, '$.nextIdentifier') IS NULL`,
      );
      expect(parkedPlan).toContain("licences_sealing_parked");
      for (const [column, index] of [
        ["seal_serial", "seal_usage_serial"],
        ["identifier", "seal_usage_identifier"],
        ["department", "seal_usage_department"],
      ] as const) {
        const ledgerPlan = plan(
          store,
          `SELECT * FROM seal_usage WHERE ${column} = ? AND seq > ? ORDER BY seq LIMIT ?`,
          "x",
          0,
          3,
        );
        expect(ledgerPlan).toContain(index);
        expect(ledgerPlan).not.toContain("TEMP B-TREE");
      }
    } finally {
      await store.close();
    }
  });
});

describe("sqlite live status and renewal successions (migration 6)", () => {
  it("reads the status through its index; the sweep finds successions through its partial index", async () => {
    const store = openSqliteStore(tempPath());
    try {
      await store.migrate();
      const plan = (text: string, ...params: unknown[]) =>
        (store.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[])
          .map((p) => p.detail)
          .join("\n");
      // One probe of licences_status, which now also holds the identifier, validFrom and supersededOn the answer needs
      // (the table row is sought only for the lineage of a dated state, as before).
      expect(plan(STATUS_BY_TOKEN, "token")).toMatch(
        /SEARCH l USING INDEX licences_status \(public_token=\?\)/,
      );
      expect(
        plan(
          `SELECT record FROM licences INDEXED BY licences_succession
           WHERE json_extract(record, '$.supersededOn') IS NOT NULL AND json_extract(record, '$.supersededOn') <= ?
             AND state IN ('01', '02', '05')`,
          "2031-03-02",
        ),
      ).toMatch(/licences_succession/);
    } finally {
      await store.close();
    }
  });
});
