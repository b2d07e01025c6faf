// Versioned schema of the SQLite store. Append new migrations at the end; never edit one that has shipped.
// Each runs in its own transaction together with its schema_migrations row, so a crash leaves a known version.
import type Database from "better-sqlite3";
import { StoreError } from "./store-error.js";

export interface SqliteMigration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    description: "licences, transitions, audit events, idempotency keys, API keys",
    up(db) {
      db.exec(`
        -- The record is kept whole as JSON; the columns beside it exist to be indexed and queried.
        CREATE TABLE licences (
          identifier   TEXT PRIMARY KEY,
          lineage      TEXT NOT NULL,
          version      INTEGER NOT NULL,
          type_code    TEXT NOT NULL,
          issuer_code  TEXT NOT NULL,
          holder_code  TEXT NOT NULL,
          state        TEXT NOT NULL,
          valid_until  TEXT,
          public_token TEXT NOT NULL UNIQUE,
          revision     INTEGER NOT NULL,
          created_at   TEXT NOT NULL,
          record       TEXT NOT NULL CHECK (json_valid(record))
        ) STRICT;
        CREATE INDEX licences_holder ON licences (holder_code, created_at);
        CREATE INDEX licences_type ON licences (type_code);
        CREATE INDEX licences_issuer_state ON licences (issuer_code, state);
        CREATE INDEX licences_lineage ON licences (lineage, version);
        CREATE INDEX licences_lapse ON licences (state, valid_until);

        CREATE TABLE transitions (
          seq        INTEGER PRIMARY KEY,
          identifier TEXT NOT NULL REFERENCES licences (identifier),
          lineage    TEXT NOT NULL,
          operation  TEXT NOT NULL,
          from_state TEXT,
          to_state   TEXT NOT NULL,
          actor      TEXT NOT NULL,
          at         TEXT NOT NULL,
          reason     TEXT NOT NULL
        ) STRICT;
        CREATE INDEX transitions_lineage ON transitions (lineage, seq);

        -- One column per hashed field (not a JSON blob) so an edit of any field breaks the leaf hash visibly.
        CREATE TABLE audit_events (
          seq         INTEGER PRIMARY KEY,
          actor       TEXT NOT NULL,
          role        TEXT NOT NULL,
          department  TEXT,
          action      TEXT NOT NULL,
          target      TEXT NOT NULL,
          holder_code TEXT,
          purpose     TEXT,
          detail      TEXT CHECK (detail IS NULL OR json_valid(detail)),
          at          TEXT NOT NULL,
          leaf_hash   TEXT NOT NULL,
          prev_hash   TEXT NOT NULL,
          hash        TEXT NOT NULL
        ) STRICT;
        CREATE INDEX audit_events_holder ON audit_events (holder_code);
        -- No append-only trigger: anyone holding the file can drop one, so it would only suggest a protection the
        -- hash chain alone gives (\`elicence audit verify\` names the first edited, removed or reordered event).

        CREATE TABLE idempotency (
          scope        TEXT NOT NULL,
          key          TEXT NOT NULL,
          request_hash TEXT NOT NULL,
          status       INTEGER NOT NULL,
          body         TEXT NOT NULL CHECK (json_valid(body)),
          created_at   TEXT NOT NULL,
          PRIMARY KEY (scope, key)
        ) STRICT;

        CREATE TABLE api_keys (
          id         TEXT PRIMARY KEY,
          hash       TEXT NOT NULL UNIQUE,
          role       TEXT NOT NULL,
          department TEXT,
          label      TEXT,
          created_at TEXT NOT NULL,
          revoked_at TEXT
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    description: "index paper-converted licences by type, issuer and paper number",
    up(db) {
      // An index on the expression, not a new column: the JSON record stays the one source of truth and writes
      // need no change. Queries must use exactly this expression for SQLite to pick the index.
      db.exec(`
        CREATE INDEX licences_paper_number
          ON licences (type_code, issuer_code, json_extract(record, '$.provenance.paperNumber'));
      `);
    },
  },
  {
    version: 3,
    description: "seal-usage ledger; index licences still waiting for a sealed document",
    up(db) {
      // Index keys end with the rowid (= seq), so each filter reads its rows already in ledger order.
      // licences_unsealed is partial: sealed records (nearly all) cost it nothing. findUnsealed must use exactly
      // this WHERE expression for SQLite to pick the index.
      db.exec(`
        CREATE TABLE seal_usage (
          seq                     INTEGER PRIMARY KEY,
          seal_serial             TEXT NOT NULL,
          seal_certificate_sha256 TEXT NOT NULL,
          department              TEXT NOT NULL,
          identifier              TEXT NOT NULL REFERENCES licences (identifier),
          document_sha256         TEXT NOT NULL,
          level                   TEXT NOT NULL,
          at                      TEXT NOT NULL
        ) STRICT;
        CREATE INDEX seal_usage_serial ON seal_usage (seal_serial);
        CREATE INDEX seal_usage_identifier ON seal_usage (identifier);
        CREATE INDEX seal_usage_department ON seal_usage (department);

        CREATE INDEX licences_unsealed ON licences (created_at, identifier)
          WHERE json_extract(record, '$.documentSha256') IS NULL;
      `);
    },
  },
  {
    version: 4,
    description: "holder share codes; index audit events by action and time",
    up(db) {
      // share_codes: looked up by (holder, hash) at sign-in, marked used by id. audit_events_action_at serves the
      // exemption figures (materials.check events in a date range) without reading the rest of the log.
      db.exec(`
        CREATE TABLE share_codes (
          id          TEXT PRIMARY KEY,
          holder_code TEXT NOT NULL,
          code_hash   TEXT NOT NULL,
          department  TEXT,
          created_by  TEXT NOT NULL,
          created_at  TEXT NOT NULL,
          expires_at  TEXT NOT NULL,
          used_at     TEXT,
          UNIQUE (holder_code, code_hash)
        ) STRICT;

        CREATE INDEX audit_events_action_at ON audit_events (action, at, seq);
      `);
    },
  },
  {
    version: 5,
    description: "covering index for the public live status by token",
    up(db) {
      // Everything statusByToken reads, keyed by token: one probe of a small index (~40 bytes a licence) answers it
      // without touching the table, whose rows carry the whole JSON record. Expressions rather than new columns, as
      // in migration 2: writes need no change. statusByToken names this index (INDEXED BY) and must use exactly
      // these expressions for SQLite to read them from it.
      db.exec(`
        CREATE INDEX licences_status ON licences (
          public_token, state, version, valid_until,
          json_extract(record, '$.nextIdentifier'), json_extract(record, '$.stateText'));
      `);
    },
  },
  {
    version: 6,
    description: "live status names its licence and knows renewals made in advance; index them for the sweep",
    up(db) {
      // The status index gains what the answer now needs (the identifier, hashed into identifierSha256; validFrom for
      // "not yet in force"; supersededOn for a renewal waiting to take effect), so the status read stays one probe of
      // it. licences_succession is partial: only versions with a renewal waiting are in it, found by the sweep.
      db.exec(`
        DROP INDEX licences_status;
        CREATE INDEX licences_status ON licences (
          public_token, state, version, valid_until,
          json_extract(record, '$.nextIdentifier'), json_extract(record, '$.stateText'),
          identifier, json_extract(record, '$.validFrom'), json_extract(record, '$.supersededOn'));
        CREATE INDEX licences_succession ON licences (json_extract(record, '$.supersededOn'), identifier)
          WHERE json_extract(record, '$.supersededOn') IS NOT NULL;
      `);
    },
  },
  {
    version: 7,
    description: "index licences by type and licence number (unique among live licences of a type)",
    up(db) {
      // Partial: only versions that carry a number (licenceNumber, set on issue, amend and renew) are in it.
      db.exec(`
        CREATE INDEX licences_number ON licences (type_code, json_extract(record, '$.licenceNumber'))
          WHERE json_extract(record, '$.licenceNumber') IS NOT NULL;
      `);
    },
  },
  {
    version: 8,
    description: "index unsealed licences apart by whether their sealing is parked",
    up(db) {
      // A version that cannot be sealed is parked (record.sealing, licences/sealing-failures.ts) and must never again
      // stand at the head of the sealing queue: licences_sealable holds only the unparked unsealed versions, in queue
      // order, so findUnsealed reads past none of the parked ones. licences_sealing_parked holds the parked ones for
      // the readiness check and /metrics. Expressions on the JSON record, not new columns, as migrations 2, 5, 6 and
      // 7: the record stays the one source of truth and writes need no change. findUnsealed, findSealingParked and
      // countSealingParked must use exactly these WHERE expressions for SQLite to pick the indexes. licences_unsealed
      // stays: countUnsealed (parked versions wait for their document too) reads it.
      db.exec(`
        CREATE INDEX licences_sealable ON licences (created_at, identifier)
          WHERE json_extract(record, '$.documentSha256') IS NULL
            AND json_extract(record, '$.sealing.parkedAt') IS NULL;
        CREATE INDEX licences_sealing_parked ON licences (created_at, identifier)
          WHERE json_extract(record, '$.documentSha256') IS NULL
            AND json_extract(record, '$.sealing.parkedAt') IS NOT NULL;
      `);
    },
  },
];

export function sqliteSchemaVersion(db: Database.Database): number {
  const row = db.prepare("SELECT max(version) AS version FROM schema_migrations").get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/** Applies the pending migrations, each in its own IMMEDIATE transaction (safe against a second process). */
export function migrateSqlite(
  db: Database.Database,
  now: () => Date,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
): { from: number; to: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const known = migrations.at(-1)?.version ?? 0;
  const from = sqliteSchemaVersion(db);
  if (from > known)
    throw new StoreError(
      "REG_STORE_SCHEMA_TOO_NEW",
      `The SQLite database ${db.name} has schema version ${from}, but this registry knows versions up to ${known}: ` +
        "it was written by a newer release. Run that release (or newer) against it, or restore a backup made before the upgrade.",
    );
  const record = db.prepare(
    "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
  );
  for (const migration of migrations) {
    db.transaction(() => {
      if (sqliteSchemaVersion(db) >= migration.version) return;
      migration.up(db);
      record.run(migration.version, migration.description, now().toISOString());
    }).immediate();
  }
  return { from, to: sqliteSchemaVersion(db) };
}
