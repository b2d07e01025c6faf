// The SQLite migration runner: versions in order, one transaction per migration, refusal of a newer schema.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SQLITE_MIGRATIONS, migrateSqlite, sqliteSchemaVersion } from "./sqlite-migrations.js";
import type { SqliteMigration } from "./sqlite-migrations.js";

const clock = () => new Date("2025-03-01T00:00:00.000Z");
const LATEST = SQLITE_MIGRATIONS.length;
const tables = (db: Database.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();

describe("migrateSqlite", () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(":memory:");
  });
  afterEach(() => db.close());

  it("knows versions 1, 2, … in order, without gaps", () => {
    expect(SQLITE_MIGRATIONS.map((m) => m.version)).toEqual(SQLITE_MIGRATIONS.map((_, i) => i + 1));
  });

  it("creates the schema once and then does nothing", () => {
    expect(migrateSqlite(db, clock)).toEqual({ from: 0, to: LATEST });
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        "api_keys",
        "audit_events",
        "idempotency",
        "licences",
        "schema_migrations",
        "seal_usage",
        "transitions",
      ]),
    );
    expect(migrateSqlite(db, clock)).toEqual({ from: LATEST, to: LATEST });
    expect(db.prepare("SELECT count(*) FROM schema_migrations").pluck().get()).toBe(LATEST);
  });

  it("applies only the pending migrations and records each", () => {
    migrateSqlite(db, clock);
    const next: SqliteMigration = {
      version: LATEST + 1,
      description: "holder notifications",
      up: (d) => d.exec("CREATE TABLE notifications (id INTEGER PRIMARY KEY) STRICT"),
    };
    expect(migrateSqlite(db, clock, [...SQLITE_MIGRATIONS, next])).toEqual({ from: LATEST, to: LATEST + 1 });
    expect(tables(db)).toContain("notifications");
    expect(db.prepare("SELECT version, description FROM schema_migrations ORDER BY version").all()).toEqual([
      ...SQLITE_MIGRATIONS.map((m) => ({ version: m.version, description: m.description })),
      { version: LATEST + 1, description: "holder notifications" },
    ]);
  });

  it("rolls a failing migration back whole and keeps the previous version", () => {
    migrateSqlite(db, clock);
    const broken: SqliteMigration = {
      version: LATEST + 1,
      description: "half-done",
      up: (d) => {
        d.exec("CREATE TABLE half_done (id INTEGER PRIMARY KEY)");
        d.exec("CREATE TABLE half_done (id INTEGER PRIMARY KEY)");
      },
    };
    expect(() => migrateSqlite(db, clock, [...SQLITE_MIGRATIONS, broken])).toThrow(/already exists/);
    expect(tables(db)).not.toContain("half_done");
    expect(sqliteSchemaVersion(db)).toBe(LATEST);
  });

  it("refuses a schema newer than the code (REG_STORE_SCHEMA_TOO_NEW)", () => {
    migrateSqlite(db, clock);
    db.prepare("INSERT INTO schema_migrations VALUES (?, 'future', '2030-01-01T00:00:00.000Z')").run(
      LATEST + 1,
    );
    expect(() => migrateSqlite(db, clock)).toThrow(
      expect.objectContaining({ code: "REG_STORE_SCHEMA_TOO_NEW" }),
    );
  });
});
