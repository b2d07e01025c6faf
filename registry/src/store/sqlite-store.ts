// The SQLite store (the embedded default): one file, WAL, every batch in one IMMEDIATE transaction, so concurrent
// writers (threads or processes) are serialised by SQLite itself and the audit head read inside it is the real head.
import Database from "better-sqlite3";
import { dirname, resolve } from "node:path";
import { chainEvent } from "../audit/audit-chain.js";
import type { ApiKeyRecord, Role } from "../domain/api-key.js";
import type { AuditEvent } from "../domain/audit-event.js";
import type { LicenceRecord, LicenceTransition } from "../domain/licence.js";
import type { LicenceStateCode, OperationCode } from "../domain/states.js";
import type { ShareCodeRecord } from "../domain/share-code.js";
import {
  BatchConflict,
  batchLineages,
  checkBatch,
  jsonClone,
  normaliseAuditInput,
  unknownLicenceForSealUsage,
  unknownLicenceForTransition,
} from "./batch-support.js";
import {
  checkPageSize,
  decodeAtSeqCursor,
  decodeCursor,
  decodeSeqCursor,
  toAtSeqPage,
  toPage,
  toSeqPage,
} from "./page-cursor.js";
import { migrateSqlite } from "./sqlite-migrations.js";
import { directoryProblem } from "../storage/storage-fault.js";
import { DATED_STATUS_STATES } from "./store.js";
import type {
  ApplyResult,
  IdempotencyRecord,
  LicenceQuery,
  LicenceStatusRow,
  Page,
  SealUsage,
  SealUsageQuery,
  Store,
  WriteBatch,
} from "./store.js";

export interface SqliteStore extends Store {
  readonly kind: "sqlite";
  /** The file path, or ":memory:". */
  readonly path: string;
  /** The connection, for tools (online backup, diagnostics) and tests. Writes go through apply(), never through this. */
  readonly db: Database.Database;
}

export interface SqliteStoreOptions {
  /** Clock for migration timestamps; the only time the store itself records. */
  now?: () => Date;
  /** How long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
}

interface AuditRow {
  seq: number;
  actor: string;
  role: string;
  department: string | null;
  action: string;
  target: string;
  holder_code: string | null;
  purpose: string | null;
  detail: string | null;
  at: string;
  leaf_hash: string;
  prev_hash: string;
  hash: string;
}

interface TransitionRow {
  identifier: string;
  operation: string;
  from_state: string | null;
  to_state: string;
  actor: string;
  at: string;
  reason: string;
}

interface IdempotencyRow {
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: string;
}

interface SealUsageRow {
  seq: number;
  seal_serial: string;
  seal_certificate_sha256: string;
  department: string;
  identifier: string;
  document_sha256: string;
  level: string;
  at: string;
}

interface KeyRow {
  id: string;
  hash: string;
  role: string;
  department: string | null;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

interface ShareCodeRow {
  id: string;
  holder_code: string;
  code_hash: string;
  department: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

function toShareCode(row: ShareCodeRow): ShareCodeRecord {
  return {
    id: row.id,
    holderCode: row.holder_code,
    codeHash: row.code_hash,
    department: row.department,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

function toAuditEvent(row: AuditRow): AuditEvent {
  const event: AuditEvent = {
    seq: row.seq,
    actor: row.actor,
    role: row.role,
    department: row.department,
    action: row.action,
    target: row.target,
    holderCode: row.holder_code,
    purpose: row.purpose,
    at: row.at,
    leafHash: row.leaf_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (row.detail !== null) event.detail = JSON.parse(row.detail) as Record<string, unknown>;
  return event;
}

function toTransition(row: TransitionRow): LicenceTransition {
  return {
    identifier: row.identifier,
    operation: row.operation as OperationCode,
    fromState: row.from_state as LicenceStateCode | null,
    toState: row.to_state as LicenceStateCode,
    actor: row.actor,
    at: row.at,
    reason: row.reason,
  };
}

function toIdempotency(row: IdempotencyRow): IdempotencyRecord {
  return {
    scope: row.scope,
    key: row.key,
    requestHash: row.request_hash,
    status: row.status,
    body: JSON.parse(row.body),
    createdAt: row.created_at,
  };
}

function toSealUsage(row: SealUsageRow): SealUsage & { seq: number } {
  return {
    seq: row.seq,
    sealSerial: row.seal_serial,
    sealCertificateSha256: row.seal_certificate_sha256,
    department: row.department,
    identifier: row.identifier,
    documentSha256: row.document_sha256,
    level: row.level,
    at: row.at,
  };
}

function toKey(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    hash: row.hash,
    role: row.role as Role,
    department: row.department,
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * WHERE clause and parameters for a filtered, cursor-paged list: equality on each given column, and `key > after`
 * when a cursor is given. Column names come from the code, never from the caller.
 */
function pageWhere(
  equal: [column: string, value: string | number | undefined][],
  after: [column: string, value: string | number | null],
): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of equal) {
    if (value === undefined) continue;
    clauses.push(`${column} = ?`);
    params.push(value);
  }
  if (after[1] !== null) {
    clauses.push(`${after[0]} > ?`);
    params.push(after[1]);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

function parseRecords(rows: { record: string }[]): LicenceRecord[] {
  return rows.map((row) => JSON.parse(row.record) as LicenceRecord);
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code === "SQLITE_CONSTRAINT_UNIQUE" || error.code === "SQLITE_CONSTRAINT_PRIMARYKEY")
  );
}

/** Runs one write; a unique-constraint violation becomes a `duplicate` conflict about `identifier`. */
function uniqueOrConflict(identifier: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new BatchConflict({ ok: false, conflict: "duplicate", identifier });
    throw error;
  }
}

/** The indexed columns beside the JSON record, in the order of the INSERT / UPDATE statements below. */
function licenceColumns(record: LicenceRecord): unknown[] {
  return [
    record.lineage,
    record.version,
    record.typeCode,
    record.issuer.code,
    record.holder.code,
    record.state,
    record.validUntil,
    record.publicToken,
    record.revision,
    record.createdAt,
    JSON.stringify(record),
  ];
}

/**
 * The live status by token, read from the covering index of migration 5 (whose expressions these are, verbatim): the
 * table row is only reached through the CASE branches, for a successor (a replaced version) or for the transition
 * that entered a dated state, so a valid licence and an unknown token each cost one index probe.
 */
export const STATUS_BY_TOKEN = `
  SELECT l.identifier, l.state, json_extract(l.record, '$.stateText'), l.version,
    json_extract(l.record, '$.validFrom'), l.valid_until, json_extract(l.record, '$.supersededOn'),
    json_extract(l.record, '$.nextIdentifier'),
    CASE WHEN json_extract(l.record, '$.nextIdentifier') IS NOT NULL THEN
      (SELECT s.public_token FROM licences s WHERE s.identifier = json_extract(l.record, '$.nextIdentifier')) END,
    CASE WHEN json_extract(l.record, '$.nextIdentifier') IS NOT NULL THEN
      (SELECT json_group_array(json_array(v.identifier, v.public_token, v.valid_from)) FROM
        (SELECT s.identifier, s.public_token, json_extract(s.record, '$.validFrom') AS valid_from
          FROM licences s WHERE s.lineage = l.lineage AND s.version > l.version ORDER BY s.version) v) END,
    CASE WHEN l.state IN (${DATED_STATUS_STATES.map((state) => `'${state}'`).join(", ")}) THEN
      (SELECT json_array(t.at, t.reason) FROM transitions t
        WHERE t.lineage = l.lineage AND t.identifier = l.identifier AND t.to_state = l.state
        ORDER BY t.seq DESC LIMIT 1) END
  FROM licences l INDEXED BY licences_status WHERE l.public_token = ?`;

type StatusRowValues = [
  identifier: string,
  state: LicenceStateCode,
  stateText: string | null,
  version: number,
  validFrom: string,
  validUntil: string | null,
  supersededOn: string | null,
  nextIdentifier: string | null,
  nextToken: string | null,
  successors: string | null,
  entered: string | null,
];

function toStatusRow(values: StatusRowValues): LicenceStatusRow {
  const [
    identifier,
    state,
    stateText,
    version,
    validFrom,
    validUntil,
    supersededOn,
    nextIdentifier,
    nextToken,
    successors,
    entered,
  ] = values;
  const later = successors === null ? [] : (JSON.parse(successors) as [string, string, string][]);
  const transition = entered === null ? null : (JSON.parse(entered) as [string, string]);
  return {
    identifier,
    state,
    stateText,
    version,
    validFrom,
    validUntil,
    supersededOn,
    nextIdentifier,
    nextToken,
    successors: later.map(([id, token, validFrom]) => ({ identifier: id, token, validFrom })),
    entered: transition ? { at: transition[0], reason: transition[1] } : null,
  };
}

/**
 * Opens the file in WAL mode. SQLite says only "unable to open database file" (SQLITE_CANTOPEN) or a shared-memory I/O
 * error when the directory is read-only or full (WAL needs its -wal and -shm files): the directory is asked why, and
 * that (EROFS, EACCES, ENOSPC) is the error's cause, so the fault is named as what it is.
 */
function openDatabase(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma("journal_mode = WAL");
    return db;
  } catch (e) {
    db?.close();
    const raw = (e as { code?: unknown }).code;
    const code = typeof raw === "string" ? raw : "";
    if (file !== ":memory:" && /^SQLITE_(CANTOPEN|READONLY|IOERR|FULL)/u.test(code)) {
      const why = directoryProblem(dirname(resolve(file)));
      if (why) throw new Error(`cannot open ${file} (${code}): ${why.message}`, { cause: why });
    }
    throw e;
  }
}

/** Rows per page of unreferencedDocuments' walk. */
const REFERENCE_PAGE = 5000;

/** Paper numbers per findByPaperNumbers statement. */
const PAPER_NUMBER_CHUNK = 512;

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const now = options.now ?? (() => new Date());
  const db = openDatabase(path);
  // FULL: an acknowledged batch survives power loss, not only a process crash.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);

  // Statements are prepared on first use: the tables do not exist before migrate().
  const statements = new Map<string, Database.Statement>();
  const sql = (text: string): Database.Statement => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };

  const readIdempotency = (scope: string, key: string): IdempotencyRecord | null => {
    const row = sql("SELECT * FROM idempotency WHERE scope = ? AND key = ?").get(scope, key) as
      IdempotencyRow | undefined;
    return row ? toIdempotency(row) : null;
  };
  const readHead = (): { seq: number; hash: string } | null =>
    (sql("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").get() as
      { seq: number; hash: string } | undefined) ?? null;

  const oneRecord = (column: "identifier" | "public_token", value: string): LicenceRecord | null => {
    const record = sql(`SELECT record FROM licences WHERE ${column} = ?`).pluck().get(value) as
      string | undefined;
    return record === undefined ? null : (JSON.parse(record) as LicenceRecord);
  };

  const writeBatch = (batch: WriteBatch): ApplyResult => {
    if (batch.idempotency) {
      const existing = readIdempotency(batch.idempotency.scope, batch.idempotency.key);
      if (existing) return { ok: false, conflict: "idempotency", existing };
    }

    for (const record of batch.insertLicences ?? []) {
      uniqueOrConflict(record.identifier, () =>
        sql(
          `INSERT INTO licences (identifier, lineage, version, type_code, issuer_code, holder_code, state, valid_until,
             public_token, revision, created_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(record.identifier, ...licenceColumns(record)),
      );
    }

    for (const { record, expectedRevision } of batch.updateLicences ?? []) {
      uniqueOrConflict(record.identifier, () => {
        const { changes } = sql(
          `UPDATE licences SET lineage = ?, version = ?, type_code = ?, issuer_code = ?, holder_code = ?, state = ?,
             valid_until = ?, public_token = ?, revision = ?, created_at = ?, record = ?
           WHERE identifier = ? AND revision = ?`,
        ).run(...licenceColumns(record), record.identifier, expectedRevision);
        if (changes === 0)
          throw new BatchConflict({ ok: false, conflict: "revision", identifier: record.identifier });
      });
    }

    const lineages = batchLineages(batch);
    for (const transition of batch.transitions ?? []) {
      const lineage =
        lineages.get(transition.identifier) ??
        (sql("SELECT lineage FROM licences WHERE identifier = ?").pluck().get(transition.identifier) as
          string | undefined);
      if (lineage === undefined) throw unknownLicenceForTransition(transition.identifier);
      sql(
        `INSERT INTO transitions (identifier, lineage, operation, from_state, to_state, actor, at, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        transition.identifier,
        lineage,
        transition.operation,
        transition.fromState,
        transition.toState,
        transition.actor,
        transition.at,
        transition.reason,
      );
    }

    for (const usage of batch.sealUsage ?? []) {
      // Checked here, not left to the foreign key, so the caller gets the same error as for a transition.
      if (
        !lineages.has(usage.identifier) &&
        sql("SELECT 1 FROM licences WHERE identifier = ?").get(usage.identifier) === undefined
      )
        throw unknownLicenceForSealUsage(usage.identifier);
      // seq is the rowid: max + 1 inside this IMMEDIATE transaction, so the ledger stays dense.
      sql(
        `INSERT INTO seal_usage (seal_serial, seal_certificate_sha256, department, identifier, document_sha256, level, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        usage.sealSerial,
        usage.sealCertificateSha256,
        usage.department,
        usage.identifier,
        usage.documentSha256,
        usage.level,
        usage.at,
      );
    }

    const audit: AuditEvent[] = [];
    let head = readHead();
    for (const input of batch.audit) {
      const event = chainEvent(head, normaliseAuditInput(input));
      sql(
        `INSERT INTO audit_events (seq, actor, role, department, action, target, holder_code, purpose, detail, at,
           leaf_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        event.seq,
        event.actor,
        event.role,
        event.department,
        event.action,
        event.target,
        event.holderCode,
        event.purpose,
        event.detail === undefined ? null : JSON.stringify(event.detail),
        event.at,
        event.leafHash,
        event.prevHash,
        event.hash,
      );
      audit.push(event);
      head = event;
    }

    if (batch.idempotency) {
      const record = batch.idempotency;
      sql(
        "INSERT INTO idempotency (scope, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(
        record.scope,
        record.key,
        record.requestHash,
        record.status,
        JSON.stringify(jsonClone(record.body)),
        record.createdAt,
      );
    }

    for (const key of batch.insertKeys ?? []) {
      uniqueOrConflict(key.id, () =>
        sql(
          "INSERT INTO api_keys (id, hash, role, department, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ).run(key.id, key.hash, key.role, key.department, key.label, key.createdAt, key.revokedAt),
      );
    }

    for (const { id, revokedAt } of batch.revokeKeys ?? []) {
      // Revoking twice keeps the first time; revoking a key that does not exist is a stale read.
      sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(revokedAt, id);
      if (sql("SELECT 1 FROM api_keys WHERE id = ?").get(id) === undefined)
        throw new BatchConflict({ ok: false, conflict: "revision", identifier: id });
    }

    for (const code of batch.insertShareCodes ?? []) {
      uniqueOrConflict(code.id, () =>
        sql(
          `INSERT INTO share_codes (id, holder_code, code_hash, department, created_by, created_at, expires_at, used_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          code.id,
          code.holderCode,
          code.codeHash,
          code.department,
          code.createdBy,
          code.createdAt,
          code.expiresAt,
          code.usedAt,
        ),
      );
    }

    for (const { id, usedAt } of batch.useShareCodes ?? []) {
      // The WHERE makes use one-time even between two concurrent sign-ins: the second changes nothing and fails.
      const { changes } = sql("UPDATE share_codes SET used_at = ? WHERE id = ? AND used_at IS NULL").run(
        usedAt,
        id,
      );
      if (changes === 0) throw new BatchConflict({ ok: false, conflict: "revision", identifier: id });
    }

    return { ok: true, audit };
  };
  const applyInTransaction = db.transaction(writeBatch);
  // Each batch in a savepoint of its own (better-sqlite3 nests transactions that way): a conflict undoes that batch only.
  const applyEachInTransaction = db.transaction((batches: readonly WriteBatch[]): ApplyResult[] =>
    batches.map((batch) => {
      try {
        return applyInTransaction(batch);
      } catch (error) {
        if (error instanceof BatchConflict) return error.result;
        throw error;
      }
    }),
  );

  return {
    kind: "sqlite",
    path,
    db,

    async migrate() {
      return migrateSqlite(db, now);
    },

    async close() {
      if (db.open) db.close();
    },

    async ping() {
      try {
        return db.open && db.prepare("SELECT 1").pluck().get() === 1;
      } catch {
        return false;
      }
    },

    async apply(batch) {
      checkBatch(batch);
      try {
        return applyInTransaction.immediate(batch);
      } catch (error) {
        if (error instanceof BatchConflict) return error.result;
        throw error;
      }
    },

    async applyEach(batches) {
      batches.forEach(checkBatch);
      if (batches.length === 0) return [];
      return applyEachInTransaction.immediate(batches);
    },

    async getIdempotency(scope, key) {
      return readIdempotency(scope, key);
    },

    async getLicence(identifier) {
      return oneRecord("identifier", identifier);
    },

    async getLicenceByToken(token) {
      return oneRecord("public_token", token);
    },

    async statusByToken(token) {
      // raw(): an array, not an object keyed by column name, is the cheaper row to build on this hot path.
      const values = sql(STATUS_BY_TOKEN).raw().get(token) as StatusRowValues | undefined;
      return values === undefined ? null : toStatusRow(values);
    },

    async listLicences(query: LicenceQuery): Promise<Page<LicenceRecord>> {
      checkPageSize(query.limit);
      const { where, params } = pageWhere(
        [
          ["issuer_code", query.issuerCode],
          ["type_code", query.typeCode],
          ["state", query.state],
          ["holder_code", query.holderCode],
        ],
        ["identifier", decodeCursor(query.after)],
      );
      const rows = sql(`SELECT record FROM licences ${where} ORDER BY identifier LIMIT ?`).all(
        ...params,
        query.limit + 1,
      ) as { record: string }[];
      return toPage(parseRecords(rows), query.limit);
    },

    async licencesByHolder(holderCode) {
      return parseRecords(
        sql(
          "SELECT record FROM licences WHERE holder_code = ? ORDER BY created_at DESC, identifier DESC",
        ).all(holderCode) as { record: string }[],
      );
    },

    async lineage(lineage) {
      return parseRecords(
        sql("SELECT record FROM licences WHERE lineage = ? ORDER BY version, identifier").all(lineage) as {
          record: string;
        }[],
      );
    },

    async transitions(lineage) {
      return (
        sql("SELECT * FROM transitions WHERE lineage = ? ORDER BY seq").all(lineage) as TransitionRow[]
      ).map(toTransition);
    },

    async findByPaperNumbers(typeCode, issuerCode, paperNumbers) {
      const unique = [...new Set(paperNumbers)];
      const found: LicenceRecord[] = [];
      // Chunks keep each statement well under SQLite's bound-parameter limit.
      for (let i = 0; i < unique.length; i += PAPER_NUMBER_CHUNK) {
        const chunk = unique.slice(i, i + PAPER_NUMBER_CHUNK);
        // Padded to a power of two (repeating a value changes nothing in an IN list) so that few statements are cached.
        while (chunk.length & (chunk.length - 1)) chunk.push(chunk[0]!);
        const rows = sql(
          `SELECT record FROM licences WHERE type_code = ? AND issuer_code = ?
             AND json_extract(record, '$.provenance.paperNumber') IN (${chunk.map(() => "?").join(", ")})`,
        ).all(typeCode, issuerCode, ...chunk) as { record: string }[];
        found.push(...parseRecords(rows));
      }
      return found;
    },

    async findByLicenceNumbers(typeCode, numbers) {
      const unique = [...new Set(numbers)];
      const found: LicenceRecord[] = [];
      for (let i = 0; i < unique.length; i += PAPER_NUMBER_CHUNK) {
        const chunk = unique.slice(i, i + PAPER_NUMBER_CHUNK);
        while (chunk.length & (chunk.length - 1)) chunk.push(chunk[0]!);
        // The expression and the partial index's condition as migration 7 wrote them, so that SQLite uses the index.
        const rows = sql(
          `SELECT record FROM licences INDEXED BY licences_number WHERE type_code = ?
             AND json_extract(record, '$.licenceNumber') IS NOT NULL
             AND json_extract(record, '$.licenceNumber') IN (${chunk.map(() => "?").join(", ")})`,
        ).all(typeCode, ...chunk) as { record: string }[];
        found.push(...parseRecords(rows));
      }
      return found;
    },

    async findDueSuccessions(today, limit) {
      if (limit < 1) return [];
      // The partial index licences_succession holds only the few records with a renewal waiting to take effect.
      return parseRecords(
        sql(
          `SELECT record FROM licences INDEXED BY licences_succession
           WHERE json_extract(record, '$.supersededOn') IS NOT NULL AND json_extract(record, '$.supersededOn') <= ?
             AND state IN ('01', '02', '05')
           ORDER BY json_extract(record, '$.supersededOn'), identifier LIMIT ?`,
        ).all(today, limit) as { record: string }[],
      );
    },

    async findLapsed(today, limit) {
      if (limit < 1) return [];
      return parseRecords(
        sql(
          `SELECT record FROM licences WHERE state IN ('01', '02') AND valid_until IS NOT NULL AND valid_until < ?
           ORDER BY valid_until, identifier LIMIT ?`,
        ).all(today, limit) as { record: string }[],
      );
    },

    async countByState() {
      const rows = sql("SELECT state, count(*) AS n FROM licences GROUP BY state").all() as {
        state: LicenceStateCode;
        n: number;
      }[];
      return Object.fromEntries(rows.map((row) => [row.state, row.n]));
    },

    async auditHead() {
      return readHead();
    },

    async readAudit(afterSeq, limit) {
      if (limit < 1) return [];
      return (
        sql("SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?").all(
          afterSeq,
          limit,
        ) as AuditRow[]
      ).map(toAuditEvent);
    },

    async auditByHolder(holderCode, limit) {
      if (limit < 1) return [];
      return (
        sql("SELECT * FROM audit_events WHERE holder_code = ? ORDER BY seq DESC LIMIT ?").all(
          holderCode,
          limit,
        ) as AuditRow[]
      ).map(toAuditEvent);
    },

    async auditByAction(action, fromIso, toIso, limit, after) {
      checkPageSize(limit);
      const cursor = decodeAtSeqCursor(after);
      // Row-value comparison on (at, seq) keeps to the (action, at, seq) index.
      const rows = (
        cursor
          ? sql(
              `SELECT * FROM audit_events WHERE action = ? AND at >= ? AND at < ? AND (at, seq) > (?, ?)
               ORDER BY at, seq LIMIT ?`,
            ).all(action, fromIso, toIso, cursor.at, cursor.seq, limit + 1)
          : sql(
              "SELECT * FROM audit_events WHERE action = ? AND at >= ? AND at < ? ORDER BY at, seq LIMIT ?",
            ).all(action, fromIso, toIso, limit + 1)
      ) as AuditRow[];
      return toAtSeqPage(rows.map(toAuditEvent), limit);
    },

    async listSealUsage(query: SealUsageQuery): Promise<Page<SealUsage & { seq: number }>> {
      checkPageSize(query.limit);
      const { where, params } = pageWhere(
        [
          ["seal_serial", query.sealSerial],
          ["identifier", query.identifier],
          ["department", query.department],
        ],
        ["seq", decodeSeqCursor(query.after)],
      );
      const rows = sql(`SELECT * FROM seal_usage ${where} ORDER BY seq LIMIT ?`).all(
        ...params,
        query.limit + 1,
      ) as SealUsageRow[];
      return toSeqPage(rows.map(toSealUsage), query.limit);
    },

    async findUnsealed(limit, dueBy) {
      if (limit < 1) return [];
      // The WHERE starts with licences_sealable's expression, verbatim (migration 8); the back-off filter reads only
      // the few versions that failed once.
      const retry =
        dueBy === undefined
          ? ""
          : `AND (json_extract(record, '$.sealing.retryAt') IS NULL
                 OR json_extract(record, '$.sealing.retryAt') <= ?)`;
      return parseRecords(
        sql(
          `SELECT record FROM licences WHERE json_extract(record, '$.documentSha256') IS NULL
             AND json_extract(record, '$.sealing.parkedAt') IS NULL ${retry}
           ORDER BY created_at, identifier LIMIT ?`,
        ).all(...(dueBy === undefined ? [] : [dueBy]), limit) as { record: string }[],
      );
    },

    async findSealingParked(limit, options) {
      if (limit < 1) return [];
      // licences_sealing_parked's expression, verbatim (migration 8).
      return parseRecords(
        sql(
          `SELECT record FROM licences WHERE json_extract(record, '$.documentSha256') IS NULL
             AND json_extract(record, '$.sealing.parkedAt') IS NOT NULL
             ${options?.current ? "AND json_extract(record, '$.nextIdentifier') IS NULL" : ""}
           ORDER BY created_at, identifier LIMIT ?`,
        ).all(limit) as { record: string }[],
      );
    },

    async countSealingParked(options) {
      const row = sql(
        `SELECT count(*) AS n FROM licences WHERE json_extract(record, '$.documentSha256') IS NULL
           AND json_extract(record, '$.sealing.parkedAt') IS NOT NULL
           ${options?.current ? "AND json_extract(record, '$.nextIdentifier') IS NULL" : ""}`,
      ).get() as { n: number };
      return row.n;
    },

    async countUnsealed(issuerCode) {
      // The partial index's expression again: only unsealed rows are read, whatever the table's size.
      const row = sql(
        `SELECT count(*) AS n FROM licences WHERE json_extract(record, '$.documentSha256') IS NULL
         AND issuer_code = ?`,
      ).get(issuerCode) as { n: number };
      return row.n;
    },

    async unreferencedDocuments(candidates) {
      const left = new Set(candidates);
      // Keyset pages by rowid, each its own statement: the connection stays free for requests in between (an open
      // iterator would hold it), and a row committed meanwhile names a document written just before it, which is
      // younger than the janitor's grace period and so never a candidate.
      const walk = async (query: string) => {
        for (let after = 0; left.size > 0;) {
          const rows = sql(query).all(after, REFERENCE_PAGE) as { id: number; sha256: string | null }[];
          for (const r of rows) if (r.sha256 !== null) left.delete(r.sha256);
          if (rows.length < REFERENCE_PAGE) return;
          after = rows[rows.length - 1]!.id;
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      await walk(
        `SELECT rowid AS id, json_extract(record, '$.documentSha256') AS sha256 FROM licences
         WHERE rowid > ? ORDER BY rowid LIMIT ?`,
      );
      await walk(
        `SELECT seq AS id, document_sha256 AS sha256 FROM seal_usage WHERE seq > ? ORDER BY seq LIMIT ?`,
      );
      return [...left];
    },

    async getKey(id) {
      const row = sql("SELECT * FROM api_keys WHERE id = ?").get(id) as KeyRow | undefined;
      return row ? toKey(row) : null;
    },

    async listKeys() {
      return (sql("SELECT * FROM api_keys ORDER BY created_at, id").all() as KeyRow[]).map(toKey);
    },

    async getShareCode(holderCode, codeHash) {
      const row = sql("SELECT * FROM share_codes WHERE holder_code = ? AND code_hash = ?").get(
        holderCode,
        codeHash,
      ) as ShareCodeRow | undefined;
      return row ? toShareCode(row) : null;
    },
  };
}
