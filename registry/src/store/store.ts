// The registry's storage contract. Two implementations (SQLite default, MongoDB production) pass one contract suite
// (store-contract.ts). Writes go through `apply`: one atomic batch holding the licence changes, their transitions,
// the audit events (chained inside the same transaction) and the idempotency record, so nothing acknowledged is
// ever half-written.
import type { ApiKeyRecord } from "../domain/api-key.js";
import type { AuditEvent, AuditEventInput } from "../domain/audit-event.js";
import type { LicenceRecord, LicenceTransition } from "../domain/licence.js";
import type { LicenceStateCode } from "../domain/states.js";
import type { ShareCodeRecord } from "../domain/share-code.js";

export interface IdempotencyRecord {
  /** Who used the key (the API key id): keys are scoped per caller. */
  scope: string;
  key: string;
  /** Hex SHA-256 of method + route + canonical body. */
  requestHash: string;
  status: number;
  body: unknown;
  createdAt: string;
}

/** One application of a department's e-seal: which certificate sealed which document of which licence, when. */
export interface SealUsage {
  /** Hex serial of the e-seal certificate. */
  sealSerial: string;
  /** SHA-256 (hex) of the e-seal certificate's DER. */
  sealCertificateSha256: string;
  /** USCC of the department whose seal it is. */
  department: string;
  identifier: string;
  documentSha256: string;
  /** PAdES level reached: B-B, B-T, B-LT. */
  level: string;
  at: string;
}

export interface SealUsageQuery {
  sealSerial?: string;
  identifier?: string;
  department?: string;
  /** 1..500 */
  limit: number;
  /** Opaque cursor from a previous page. */
  after?: string;
}

export interface WriteBatch {
  insertLicences?: LicenceRecord[];
  /** Full replacement of a record; fails with a revision conflict unless the stored revision is `expectedRevision`. */
  updateLicences?: { record: LicenceRecord; expectedRevision: number }[];
  transitions?: LicenceTransition[];
  /** Chained in order, inside the transaction. */
  audit: AuditEventInput[];
  idempotency?: IdempotencyRecord;
  insertKeys?: ApiKeyRecord[];
  revokeKeys?: { id: string; revokedAt: string }[];
  /** Appended to the seal-usage ledger. */
  sealUsage?: SealUsage[];
  /** New holder share codes; a duplicate id or (holder, hash) is a `duplicate` conflict. */
  insertShareCodes?: ShareCodeRecord[];
  /** Marks share codes used; one already used (or unknown) is a `revision` conflict about its id: one-time use. */
  useShareCodes?: { id: string; usedAt: string }[];
}

export type ApplyResult =
  | { ok: true; audit: AuditEvent[] }
  /** The (scope, key) pair was already stored: nothing of this batch was written. */
  | { ok: false; conflict: "idempotency"; existing: IdempotencyRecord }
  /** A record changed since it was read: nothing was written; re-read and retry. */
  | { ok: false; conflict: "revision"; identifier: string }
  /** An identifier or public token already exists: nothing was written. */
  | { ok: false; conflict: "duplicate"; identifier: string };

/**
 * What the public live status of one licence version is made of, read by its public token without the rest of the
 * record: no holder, no fields, nothing personal. `entered` is the latest transition of this version into its
 * current state, given only for the states whose status carries a date (02, 03, 04, 07, 99); null otherwise.
 */
export interface LicenceStatusRow {
  /** The version's identifier: the status answer carries only its SHA-256 (identifierSha256). */
  identifier: string;
  state: LicenceStateCode;
  /** The record's stateText (free text, state 99 only; "superseded" for a replaced version), or null. */
  stateText: string | null;
  version: number;
  validFrom: string;
  validUntil: string | null;
  /** The record's supersededOn (a renewal made in advance takes effect that day), or null. */
  supersededOn: string | null;
  nextIdentifier: string | null;
  /** The public token of the version `nextIdentifier` names; null without one (or when it is not stored). */
  nextToken: string | null;
  /**
   * A replaced version's later versions in its lineage, oldest first (empty when nothing replaced it): the status
   * answer links to the one in force, not to an intermediate version.
   */
  successors: readonly StatusSuccessor[];
  entered: { at: string; reason: string } | null;
}

export interface StatusSuccessor {
  identifier: string;
  token: string;
  validFrom: string;
}

/** The states whose status answer carries the date (and reason) of the transition that entered them. */
export const DATED_STATUS_STATES: readonly LicenceStateCode[] = ["02", "03", "04", "07", "99"];

export interface LicenceQuery {
  issuerCode?: string;
  typeCode?: string;
  state?: LicenceStateCode;
  holderCode?: string;
  /** Page size, 1..500. */
  limit: number;
  /** Opaque cursor from a previous page. */
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow. */
  next?: string;
}

export interface Store {
  readonly kind: "sqlite" | "mongodb";
  /** Creates or upgrades the schema (versioned migrations); safe to call on every start. */
  migrate(): Promise<{ from: number; to: number }>;
  close(): Promise<void>;
  /** Round-trips to the database; false when it cannot serve. */
  ping(): Promise<boolean>;

  apply(batch: WriteBatch): Promise<ApplyResult>;
  /**
   * Several independent batches in one transaction (one commit: one fsync instead of one each), for bulk writers such
   * as background sealing. Each batch is applied as apply() would, in order, and succeeds or conflicts on its own: a
   * conflicting batch writes nothing and the others still commit. Results come back in the batches' order. Any other
   * error (a bad batch, the database) writes none of them. An empty list writes nothing.
   */
  applyEach(batches: readonly WriteBatch[]): Promise<ApplyResult[]>;

  getIdempotency(scope: string, key: string): Promise<IdempotencyRecord | null>;

  getLicence(identifier: string): Promise<LicenceRecord | null>;
  getLicenceByToken(token: string): Promise<LicenceRecord | null>;
  /**
   * The live-status facts of the version with this public token, or null. Built for the public status endpoint:
   * one indexed read that never loads the whole record, doing the same work for a token no licence has as for one
   * in the common states (01, 05, 06), so that its time says nothing about existence.
   */
  statusByToken(token: string): Promise<LicenceStatusRow | null>;
  listLicences(query: LicenceQuery): Promise<Page<LicenceRecord>>;
  /** Every version of every licence of this holder, newest first. */
  licencesByHolder(holderCode: string): Promise<LicenceRecord[]>;
  /** Every version sharing a lineage (type + issuer + serial), oldest first. */
  lineage(lineage: string): Promise<LicenceRecord[]>;
  /** Transitions of every version in a lineage, in the order they happened. */
  transitions(lineage: string): Promise<LicenceTransition[]>;
  /**
   * Every version of every paper-converted licence of this type and issuer whose provenance.paperNumber is one of
   * `paperNumbers` (exact match), in no particular order. Used by bulk conversion to find duplicates and conflicts;
   * indexed, and any number of paper numbers may be asked at once.
   */
  findByPaperNumbers(
    typeCode: string,
    issuerCode: string,
    paperNumbers: readonly string[],
  ): Promise<LicenceRecord[]>;
  /**
   * Every version of every licence of this type whose licenceNumber is one of `numbers` (exact match), any issuer,
   * in no particular order: the licence-number rule (licences/rules/licence-number.ts) keeps the live ones. Indexed;
   * any number of numbers may be asked at once.
   */
  findByLicenceNumbers(typeCode: string, numbers: readonly string[]): Promise<LicenceRecord[]>;
  /**
   * Records in state 01, 02 or 05 whose supersededOn is on or before `today` (ISO date): versions whose renewal made in
   * advance has taken effect but is not recorded yet. Oldest supersededOn first.
   */
  findDueSuccessions(today: string, limit: number): Promise<LicenceRecord[]>;
  /** Records in state 01 or 02 whose validUntil is before `today` (ISO date). */
  findLapsed(today: string, limit: number): Promise<LicenceRecord[]>;
  countByState(): Promise<Partial<Record<LicenceStateCode, number>>>;

  auditHead(): Promise<{ seq: number; hash: string } | null>;
  /** Events with seq > afterSeq, ascending, at most `limit`. */
  readAudit(afterSeq: number, limit: number): Promise<AuditEvent[]>;
  /** Events about this holder, newest first. */
  auditByHolder(holderCode: string, limit: number): Promise<AuditEvent[]>;
  /**
   * Events of one action with fromIso <= at < toIso, ordered by (at, seq), a page at a time (limit 1..500; `after` is
   * the opaque cursor of the previous page). Indexed by (action, at): the cost follows the events in the range.
   */
  auditByAction(
    action: string,
    fromIso: string,
    toIso: string,
    limit: number,
    after?: string,
  ): Promise<Page<AuditEvent>>;

  /** The seal-usage ledger, oldest first, filtered by seal certificate, licence or department. */
  listSealUsage(query: SealUsageQuery): Promise<Page<SealUsage & { seq: number }>>;
  /**
   * Licence versions without a sealed document (bulk conversions seal in the background), oldest first. Parked ones
   * (sealing.parkedAt, licences/sealing-failures.ts) are never returned; with `dueBy` (ISO instant), neither are those
   * whose sealing.retryAt is after it (waiting out a back-off).
   */
  findUnsealed(limit: number, dueBy?: string): Promise<LicenceRecord[]>;
  /**
   * Unsealed versions whose sealing is parked, oldest first, at most `limit`. With `current`, only those no other
   * version replaced (nextIdentifier null): an amended or renewed one no longer needs the operator.
   */
  findSealingParked(limit: number, options?: { current?: boolean }): Promise<LicenceRecord[]>;
  /** How many unsealed versions are parked (with `current`: not replaced by another version). */
  countSealingParked(options?: { current?: boolean }): Promise<number>;
  /** How many of one issuing department's licence versions still wait for their sealed document. */
  countUnsealed(issuerCode: string): Promise<number>;

  /**
   * Of these sealed-document hashes, the ones no licence version and no seal-usage entry names: PDFs written whose
   * commit never came (a crash, a full disk), which the janitor removes. Reads the references a page at a time,
   * letting other work run between pages, whatever the number of licences.
   */
  unreferencedDocuments(candidates: readonly string[]): Promise<string[]>;

  getKey(id: string): Promise<ApiKeyRecord | null>;
  listKeys(): Promise<ApiKeyRecord[]>;

  /** The share code of this holder with this hash, used or not, expired or not; null when there is none. */
  getShareCode(holderCode: string, codeHash: string): Promise<ShareCodeRecord | null>;
}
