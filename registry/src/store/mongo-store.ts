// The MongoDB store (production): a thin adapter with the same semantics as the SQLite store.
//
// Atomicity: every apply() is one multi-document transaction (session.withTransaction): the idempotency check, the
//   licence inserts and revision-checked replacements, the transitions, the audit events, the idempotency record and
//   the key changes commit together or not at all. Transactions need a replica set or mongos; connectMongoStore
//   refuses a standalone server (REG_STORE_MONGO_NOT_REPLICA_SET).
// Durability and reads: write concern { w: "majority", journal: true } and read concern "majority", for the client
//   and for every transaction, read preference primary: an acknowledged batch survives the loss of the primary, and a
//   read after apply() sees it.
// Dense audit seq: inside the transaction the head (highest seq) is read, the new events are chained off it with
//   chainEvent and inserted with seq = head + 1, … under a unique index on seq. Two concurrent writers that read the
//   same head collide on that index: the loser gets a write conflict (retried by withTransaction) or a duplicate key
//   (the whole transaction is retried here, up to MAX_ATTEMPTS, then REG_STORE_WRITE_CONTENTION). An aborted
//   transaction leaves no event, so seq has no gaps. Transitions get a dense seq the same way, for their order, and
//   so does the seal-usage ledger: its seq is what listSealUsage orders and pages by (the same cursor as SQLite's
//   rowid), rather than an ObjectId, whose order across clients follows their clocks, not the commit order.
// Schema changes (indexes) cannot run in a transaction: see mongo-migrations.ts.
import { MongoClient, MongoServerError } from "mongodb";
import type { ClientSession, Collection, Db, Document, TransactionOptions } from "mongodb";
import { chainEvent } from "../audit/audit-chain.js";
import type { ApiKeyRecord } from "../domain/api-key.js";
import type { AuditEvent } from "../domain/audit-event.js";
import type { LicenceRecord, LicenceTransition } from "../domain/licence.js";
import type { LicenceStateCode } from "../domain/states.js";
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
import { migrateMongo } from "./mongo-migrations.js";
import {
  checkPageSize,
  decodeAtSeqCursor,
  decodeCursor,
  decodeSeqCursor,
  toAtSeqPage,
  toPage,
  toSeqPage,
} from "./page-cursor.js";
import { StoreError } from "./store-error.js";
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

export interface MongoStore extends Store {
  readonly kind: "mongodb";
  readonly dbName: string;
}

export interface MongoStoreOptions {
  /** Clock for migration timestamps; the only time the store itself records. */
  now?: () => Date;
}

const DEFAULT_DB_NAME = "elicence";
const MAX_ATTEMPTS = 5;

const contention = (): StoreError =>
  new StoreError(
    "REG_STORE_WRITE_CONTENTION",
    `Another writer took the same audit position ${MAX_ATTEMPTS} times in a row; nothing was written. Retry the request.`,
  );

const DUPLICATE_KEY = 11000;
/** Candidate hashes per unreferencedDocuments query. */
const REFERENCE_CHUNK = 1000;
const WRITE_CONCERN = { w: "majority", journal: true } as const;
const READ_CONCERN = { level: "majority" } as const;
const TRANSACTION: TransactionOptions = {
  readConcern: READ_CONCERN,
  writeConcern: WRITE_CONCERN,
  readPreference: "primary",
};

type TransitionDoc = LicenceTransition & { seq: number; lineage: string };
type AuditDoc = Omit<AuditEvent, "detail"> & { detail: Record<string, unknown> | null };
type SealUsageDoc = SealUsage & { seq: number };

/** Thrown inside the transaction when a concurrent writer took a unique position first: redo the whole batch. */
class LostRace extends Error {}

async function onDuplicateKey<T>(write: () => Promise<T>, instead: () => Error): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) throw instead();
    throw error;
  }
}

const duplicate = (identifier: string) => () =>
  new BatchConflict({ ok: false, conflict: "duplicate", identifier });
const lostRace = () => new LostRace();

/** Drops the driver's _id (and any other storage-only field) so reads return exactly the domain shape. */
function withoutId<T extends Document>(doc: T): Omit<T, "_id"> {
  const { _id, ...rest } = doc;
  return rest;
}

function toAuditEvent(doc: AuditDoc): AuditEvent {
  const event: AuditEvent = {
    seq: doc.seq,
    actor: doc.actor,
    role: doc.role,
    department: doc.department,
    action: doc.action,
    target: doc.target,
    holderCode: doc.holderCode,
    purpose: doc.purpose,
    at: doc.at,
    leafHash: doc.leafHash,
    prevHash: doc.prevHash,
    hash: doc.hash,
  };
  if (doc.detail !== null && doc.detail !== undefined) event.detail = doc.detail;
  return event;
}

function toTransition(doc: TransitionDoc): LicenceTransition {
  return {
    identifier: doc.identifier,
    operation: doc.operation,
    fromState: doc.fromState,
    toState: doc.toState,
    actor: doc.actor,
    at: doc.at,
    reason: doc.reason,
  };
}

/** Field by field: neither the driver's _id nor any extra field of the caller's object is stored or returned. */
function toSealUsageDoc(usage: SealUsage, seq: number): SealUsageDoc {
  return {
    seq,
    sealSerial: usage.sealSerial,
    sealCertificateSha256: usage.sealCertificateSha256,
    department: usage.department,
    identifier: usage.identifier,
    documentSha256: usage.documentSha256,
    level: usage.level,
    at: usage.at,
  };
}

/** Field by field, as for seal usages: exactly the domain shape is stored and returned. */
function toShareCodeDoc(code: ShareCodeRecord): ShareCodeRecord {
  return {
    id: code.id,
    holderCode: code.holderCode,
    codeHash: code.codeHash,
    department: code.department,
    createdBy: code.createdBy,
    createdAt: code.createdAt,
    expiresAt: code.expiresAt,
    usedAt: code.usedAt,
  };
}

/** Unsealed versions whose sealing is parked; `current`: not replaced by another version. */
function parkedFilter(current: boolean): Record<string, unknown> {
  return {
    documentSha256: null,
    "sealing.parkedAt": { $ne: null },
    ...(current ? { nextIdentifier: null } : {}),
  };
}

function notReplicaSet(hosts: string): StoreError {
  return new StoreError(
    "REG_STORE_MONGO_NOT_REPLICA_SET",
    `MongoDB at ${hosts} is a standalone server, but the registry writes every change in a transaction, which MongoDB ` +
      "only offers on a replica set or through mongos. Start mongod as a replica set, e.g. " +
      "`mongod --replSet rs0 --dbpath /data/db`, run `rs.initiate()` once in mongosh (one member is enough for " +
      "development), and connect with a URL like mongodb://localhost:27017/?replicaSet=rs0.",
  );
}

export async function connectMongoStore(
  url: string,
  dbName: string = DEFAULT_DB_NAME,
  options: MongoStoreOptions = {},
): Promise<MongoStore> {
  const now = options.now ?? (() => new Date());
  const client = new MongoClient(url, {
    writeConcern: WRITE_CONCERN,
    readConcern: READ_CONCERN,
    readPreference: "primary",
    // Optional fields left undefined are omitted, as in the SQLite store's JSON, instead of stored as null.
    ignoreUndefined: true,
  });
  await client.connect();
  try {
    const hello = await client.db("admin").command({ hello: 1 });
    const isReplicaSet = typeof hello.setName === "string";
    const isMongos = hello.msg === "isdbgrid";
    if (!isReplicaSet && !isMongos) throw notReplicaSet(client.options.hosts.map(String).join(","));
  } catch (error) {
    await client.close();
    throw error;
  }

  const db: Db = client.db(dbName);
  const licences: Collection<LicenceRecord> = db.collection("licences");
  const transitionsColl: Collection<TransitionDoc> = db.collection("transitions");
  const audit: Collection<AuditDoc> = db.collection("audit_events");
  const idempotency: Collection<IdempotencyRecord> = db.collection("idempotency");
  const keys: Collection<ApiKeyRecord> = db.collection("api_keys");
  const sealUsage: Collection<SealUsageDoc> = db.collection("seal_usage");
  const shareCodes: Collection<ShareCodeRecord> = db.collection("share_codes");

  const readHead = async (session?: ClientSession) => {
    const head = await audit.findOne(
      {},
      { session, sort: { seq: -1 }, projection: { _id: 0, seq: 1, hash: 1 } },
    );
    return head ? { seq: head.seq, hash: head.hash } : null;
  };

  const writeBatch = async (session: ClientSession, batch: WriteBatch): Promise<ApplyResult> => {
    if (batch.idempotency) {
      const { scope, key } = batch.idempotency;
      const existing = await idempotency.findOne({ scope, key }, { session, projection: { _id: 0 } });
      if (existing) throw new BatchConflict({ ok: false, conflict: "idempotency", existing });
    }

    for (const record of batch.insertLicences ?? [])
      await onDuplicateKey(
        () => licences.insertOne(jsonClone(record), { session }),
        duplicate(record.identifier),
      );

    for (const { record, expectedRevision } of batch.updateLicences ?? []) {
      const { matchedCount } = await onDuplicateKey(
        () =>
          licences.replaceOne(
            { identifier: record.identifier, revision: expectedRevision },
            jsonClone(record),
            {
              session,
            },
          ),
        duplicate(record.identifier),
      );
      if (matchedCount === 0)
        throw new BatchConflict({ ok: false, conflict: "revision", identifier: record.identifier });
    }

    const lineages = batchLineages(batch);
    if (batch.transitions?.length) {
      const last = await transitionsColl.findOne(
        {},
        { session, sort: { seq: -1 }, projection: { _id: 0, seq: 1 } },
      );
      let seq = last?.seq ?? 0;
      for (const transition of batch.transitions) {
        const lineage =
          lineages.get(transition.identifier) ??
          (
            await licences.findOne(
              { identifier: transition.identifier },
              { session, projection: { lineage: 1 } },
            )
          )?.lineage;
        if (lineage === undefined) throw unknownLicenceForTransition(transition.identifier);
        seq += 1;
        await onDuplicateKey(
          () => transitionsColl.insertOne({ ...transition, seq, lineage }, { session }),
          lostRace,
        );
      }
    }

    if (batch.sealUsage?.length) {
      const last = await sealUsage.findOne(
        {},
        { session, sort: { seq: -1 }, projection: { _id: 0, seq: 1 } },
      );
      let seq = last?.seq ?? 0;
      for (const usage of batch.sealUsage) {
        if (
          !lineages.has(usage.identifier) &&
          (await licences.countDocuments({ identifier: usage.identifier }, { session, limit: 1 })) === 0
        )
          throw unknownLicenceForSealUsage(usage.identifier);
        seq += 1;
        const doc = toSealUsageDoc(usage, seq);
        await onDuplicateKey(() => sealUsage.insertOne(doc, { session }), lostRace);
      }
    }

    const events: AuditEvent[] = [];
    let head = await readHead(session);
    for (const input of batch.audit) {
      const event = chainEvent(head, normaliseAuditInput(input));
      await onDuplicateKey(
        () => audit.insertOne({ ...event, detail: event.detail ?? null }, { session }),
        lostRace,
      );
      events.push(event);
      head = event;
    }

    if (batch.idempotency) {
      // A duplicate here means a concurrent request with the same key committed first: the retry reports it.
      const record = { ...batch.idempotency, body: jsonClone(batch.idempotency.body) };
      await onDuplicateKey(() => idempotency.insertOne(record, { session }), lostRace);
    }

    for (const key of batch.insertKeys ?? [])
      await onDuplicateKey(() => keys.insertOne({ ...key }, { session }), duplicate(key.id));

    for (const { id, revokedAt } of batch.revokeKeys ?? []) {
      // Revoking twice keeps the first time; revoking a key that does not exist is a stale read.
      await keys.updateOne({ id, revokedAt: null }, { $set: { revokedAt } }, { session });
      if ((await keys.countDocuments({ id }, { session, limit: 1 })) === 0)
        throw new BatchConflict({ ok: false, conflict: "revision", identifier: id });
    }

    for (const code of batch.insertShareCodes ?? [])
      await onDuplicateKey(() => shareCodes.insertOne(toShareCodeDoc(code), { session }), duplicate(code.id));

    for (const { id, usedAt } of batch.useShareCodes ?? []) {
      // The usedAt: null filter makes use one-time even between two concurrent sign-ins.
      const { matchedCount } = await shareCodes.updateOne(
        { id, usedAt: null },
        { $set: { usedAt } },
        { session },
      );
      if (matchedCount === 0) throw new BatchConflict({ ok: false, conflict: "revision", identifier: id });
    }

    return { ok: true, audit: events };
  };

  const recordsOf = (docs: LicenceRecord[]): LicenceRecord[] =>
    docs.map((doc) => withoutId(doc) as LicenceRecord);

  return {
    kind: "mongodb",
    dbName,

    async migrate() {
      return migrateMongo(db, now);
    },

    async close() {
      await client.close();
    },

    async ping() {
      try {
        const reply = await db.command({ ping: 1 });
        return reply.ok === 1;
      } catch {
        return false;
      }
    },

    async apply(batch) {
      checkBatch(batch);
      for (let attempt = 1; ; attempt++) {
        try {
          return await client.withSession((session) =>
            session.withTransaction((txn) => writeBatch(txn, batch), TRANSACTION),
          );
        } catch (error) {
          if (error instanceof BatchConflict) return error.result;
          if (!(error instanceof LostRace)) throw error;
          if (attempt >= MAX_ATTEMPTS) throw contention();
        }
      }
    },

    async applyEach(batches) {
      batches.forEach(checkBatch);
      // No savepoints in MongoDB: all batches go in one transaction; when one conflicts the transaction is aborted,
      // that batch gets its conflict and the others are tried again without it (conflicts are rare: a round or two).
      const results: (ApplyResult | undefined)[] = batches.map(() => undefined);
      let races = 0;
      for (;;) {
        const pending = batches.flatMap((batch, i) => (results[i] === undefined ? [{ batch, i }] : []));
        if (pending.length === 0) return results as ApplyResult[];
        let conflicting: number | undefined;
        try {
          const done = await client.withSession((session) =>
            session.withTransaction(async (txn) => {
              conflicting = undefined;
              const out: ApplyResult[] = [];
              for (const { batch, i } of pending) {
                conflicting = i;
                out.push(await writeBatch(txn, batch));
              }
              conflicting = undefined;
              return out;
            }, TRANSACTION),
          );
          pending.forEach(({ i }, k) => (results[i] = done[k]));
          return results as ApplyResult[];
        } catch (error) {
          if (error instanceof BatchConflict && conflicting !== undefined) {
            results[conflicting] = error.result;
            continue;
          }
          if (!(error instanceof LostRace)) throw error;
          if (++races >= MAX_ATTEMPTS) throw contention();
        }
      }
    },

    async getIdempotency(scope, key) {
      return idempotency.findOne({ scope, key }, { projection: { _id: 0 } });
    },

    async getLicence(identifier) {
      const doc = await licences.findOne({ identifier }, { projection: { _id: 0 } });
      return doc ? withoutId(doc) : null;
    },

    async getLicenceByToken(token) {
      const doc = await licences.findOne({ publicToken: token }, { projection: { _id: 0 } });
      return doc ? withoutId(doc) : null;
    },

    async statusByToken(token): Promise<LicenceStatusRow | null> {
      // A projection: only these fields leave the server and are decoded, never the holder or the type fields.
      const doc = await licences.findOne(
        { publicToken: token },
        {
          projection: {
            _id: 0,
            identifier: 1,
            lineage: 1,
            state: 1,
            stateText: 1,
            version: 1,
            validFrom: 1,
            validUntil: 1,
            supersededOn: 1,
            nextIdentifier: 1,
          },
        },
      );
      if (!doc) return null;
      // Only a replaced version and a dated state read more, as in the SQLite store.
      const next = doc.nextIdentifier
        ? await licences.findOne(
            { identifier: doc.nextIdentifier },
            { projection: { _id: 0, publicToken: 1 } },
          )
        : null;
      const successors = doc.nextIdentifier
        ? await licences
            .find(
              { lineage: doc.lineage, version: { $gt: doc.version } },
              { projection: { _id: 0, identifier: 1, publicToken: 1, validFrom: 1 } },
            )
            .sort({ version: 1 })
            .toArray()
        : [];
      const entered = DATED_STATUS_STATES.includes(doc.state)
        ? await transitionsColl
            .find(
              { lineage: doc.lineage, identifier: doc.identifier, toState: doc.state },
              { projection: { _id: 0, at: 1, reason: 1 } },
            )
            .sort({ seq: -1 })
            .limit(1)
            .next()
        : null;
      return {
        identifier: doc.identifier,
        state: doc.state,
        stateText: doc.stateText ?? null,
        version: doc.version,
        validFrom: doc.validFrom,
        validUntil: doc.validUntil ?? null,
        supersededOn: doc.supersededOn ?? null,
        nextIdentifier: doc.nextIdentifier ?? null,
        nextToken: next?.publicToken ?? null,
        successors: successors.map((v) => ({
          identifier: v.identifier,
          token: v.publicToken,
          validFrom: v.validFrom,
        })),
        entered: entered ? { at: entered.at, reason: entered.reason } : null,
      };
    },

    async listLicences(query: LicenceQuery): Promise<Page<LicenceRecord>> {
      checkPageSize(query.limit);
      const filter: Document = {};
      if (query.issuerCode !== undefined) filter["issuer.code"] = query.issuerCode;
      if (query.typeCode !== undefined) filter.typeCode = query.typeCode;
      if (query.state !== undefined) filter.state = query.state;
      if (query.holderCode !== undefined) filter["holder.code"] = query.holderCode;
      const after = decodeCursor(query.after);
      if (after !== null) filter.identifier = { $gt: after };
      const docs = await licences
        .find(filter, { projection: { _id: 0 } })
        .sort({ identifier: 1 })
        .limit(query.limit + 1)
        .toArray();
      return toPage(recordsOf(docs), query.limit);
    },

    async licencesByHolder(holderCode) {
      const docs = await licences
        .find({ "holder.code": holderCode }, { projection: { _id: 0 } })
        .sort({ createdAt: -1, identifier: -1 })
        .toArray();
      return recordsOf(docs);
    },

    async lineage(lineage) {
      const docs = await licences
        .find({ lineage }, { projection: { _id: 0 } })
        .sort({ version: 1, identifier: 1 })
        .toArray();
      return recordsOf(docs);
    },

    async transitions(lineage) {
      const docs = await transitionsColl.find({ lineage }).sort({ seq: 1 }).toArray();
      return docs.map(toTransition);
    },

    async findByPaperNumbers(typeCode, issuerCode, paperNumbers) {
      const unique = [...new Set(paperNumbers)];
      const found: LicenceRecord[] = [];
      for (let i = 0; i < unique.length; i += 1000) {
        const docs = await licences
          .find(
            {
              typeCode,
              "issuer.code": issuerCode,
              "provenance.paperNumber": { $in: unique.slice(i, i + 1000) },
            },
            { projection: { _id: 0 } },
          )
          .toArray();
        found.push(...recordsOf(docs));
      }
      return found;
    },

    async findByLicenceNumbers(typeCode, numbers) {
      const unique = [...new Set(numbers)];
      const found: LicenceRecord[] = [];
      for (let i = 0; i < unique.length; i += 1000) {
        const docs = await licences
          .find({ typeCode, licenceNumber: { $in: unique.slice(i, i + 1000) } }, { projection: { _id: 0 } })
          .toArray();
        found.push(...recordsOf(docs));
      }
      return found;
    },

    async findDueSuccessions(today, limit) {
      if (limit < 1) return [];
      const docs = await licences
        .find(
          { supersededOn: { $lte: today }, state: { $in: ["01", "02", "05"] } },
          { projection: { _id: 0 } },
        )
        .sort({ supersededOn: 1, identifier: 1 })
        .limit(limit)
        .toArray();
      return recordsOf(docs);
    },

    async findLapsed(today, limit) {
      // Mongo reads limit 0 as "no limit"; the contract reads it as "nothing".
      if (limit < 1) return [];
      const docs = await licences
        .find(
          { state: { $in: ["01", "02"] }, validUntil: { $ne: null, $lt: today } },
          { projection: { _id: 0 } },
        )
        .sort({ validUntil: 1, identifier: 1 })
        .limit(limit)
        .toArray();
      return recordsOf(docs);
    },

    async countByState() {
      const groups = await licences
        .aggregate<{ _id: LicenceStateCode; n: number }>([{ $group: { _id: "$state", n: { $sum: 1 } } }])
        .toArray();
      return Object.fromEntries(groups.map((group) => [group._id, group.n]));
    },

    async auditHead() {
      return readHead();
    },

    async readAudit(afterSeq, limit) {
      if (limit < 1) return [];
      const docs = await audit
        .find({ seq: { $gt: afterSeq } })
        .sort({ seq: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toAuditEvent);
    },

    async auditByHolder(holderCode, limit) {
      if (limit < 1) return [];
      const docs = await audit.find({ holderCode }).sort({ seq: -1 }).limit(limit).toArray();
      return docs.map(toAuditEvent);
    },

    async auditByAction(action, fromIso, toIso, limit, after) {
      checkPageSize(limit);
      const cursor = decodeAtSeqCursor(after);
      const filter: Document = { action, at: { $gte: fromIso, $lt: toIso } };
      if (cursor) filter.$or = [{ at: { $gt: cursor.at } }, { at: cursor.at, seq: { $gt: cursor.seq } }];
      const docs = await audit
        .find(filter)
        .sort({ at: 1, seq: 1 })
        .limit(limit + 1)
        .toArray();
      return toAtSeqPage(docs.map(toAuditEvent), limit);
    },

    async listSealUsage(query: SealUsageQuery): Promise<Page<SealUsageDoc>> {
      checkPageSize(query.limit);
      const filter: Document = {};
      if (query.sealSerial !== undefined) filter.sealSerial = query.sealSerial;
      if (query.identifier !== undefined) filter.identifier = query.identifier;
      if (query.department !== undefined) filter.department = query.department;
      const after = decodeSeqCursor(query.after);
      if (after !== null) filter.seq = { $gt: after };
      const docs = await sealUsage
        .find(filter, { projection: { _id: 0 } })
        .sort({ seq: 1 })
        .limit(query.limit + 1)
        .toArray();
      return toSeqPage(
        docs.map((doc) => toSealUsageDoc(doc, doc.seq)),
        query.limit,
      );
    },

    async findUnsealed(limit, dueBy) {
      // Mongo reads limit 0 as "no limit"; the contract reads it as "nothing".
      if (limit < 1) return [];
      // { documentSha256: null } also matches a record without the field, as SQLite's json_extract IS NULL does.
      const filter: Record<string, unknown> = { documentSha256: null, "sealing.parkedAt": null };
      if (dueBy !== undefined)
        filter.$or = [{ "sealing.retryAt": null }, { "sealing.retryAt": { $lte: dueBy } }];
      const docs = await licences
        .find(filter, { projection: { _id: 0 } })
        .sort({ createdAt: 1, identifier: 1 })
        .limit(limit)
        .toArray();
      return recordsOf(docs);
    },

    async findSealingParked(limit, options) {
      if (limit < 1) return [];
      const docs = await licences
        .find(parkedFilter(options?.current === true), { projection: { _id: 0 } })
        .sort({ createdAt: 1, identifier: 1 })
        .limit(limit)
        .toArray();
      return recordsOf(docs);
    },

    async countSealingParked(options) {
      return licences.countDocuments(parkedFilter(options?.current === true));
    },

    async countUnsealed(issuerCode) {
      return licences.countDocuments({ documentSha256: null, "issuer.code": issuerCode });
    },

    async unreferencedDocuments(candidates) {
      const left = new Set(candidates);
      // Asked by candidates (a chunk at a time), not by reading every reference: distinct over $in.
      const all = [...left];
      for (let i = 0; i < all.length; i += REFERENCE_CHUNK) {
        const chunk = all.slice(i, i + REFERENCE_CHUNK);
        for (const sha of await licences.distinct("documentSha256", { documentSha256: { $in: chunk } }))
          left.delete(sha as string);
        for (const sha of await sealUsage.distinct("documentSha256", { documentSha256: { $in: chunk } }))
          left.delete(sha);
      }
      return [...left];
    },

    async getKey(id) {
      const doc = await keys.findOne({ id }, { projection: { _id: 0 } });
      return doc ? withoutId(doc) : null;
    },

    async listKeys() {
      const docs = await keys
        .find({}, { projection: { _id: 0 } })
        .sort({ createdAt: 1, id: 1 })
        .toArray();
      return docs.map((doc) => withoutId(doc) as ApiKeyRecord);
    },

    async getShareCode(holderCode, codeHash) {
      const doc = await shareCodes.findOne({ holderCode, codeHash }, { projection: { _id: 0 } });
      return doc ? toShareCodeDoc(doc) : null;
    },
  };
}
