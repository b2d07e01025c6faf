// Versioned schema of the MongoDB store: the collections' indexes, and the version kept in meta._id="schema".
// MongoDB cannot create indexes inside a transaction, so every `up` must be safe to run twice (createIndex is).
import type { Db } from "mongodb";
import { StoreError } from "./store-error.js";

export interface MongoMigration {
  version: number;
  description: string;
  up(db: Db): Promise<void>;
}

export interface MetaDoc {
  _id: string;
  version: number;
  applied: { version: number; description: string; appliedAt: string }[];
}

export const MONGO_MIGRATIONS: readonly MongoMigration[] = [
  {
    version: 1,
    description: "licences, transitions, audit events, idempotency keys, API keys",
    async up(db) {
      await db.collection("licences").createIndexes([
        { key: { identifier: 1 }, name: "identifier", unique: true },
        { key: { publicToken: 1 }, name: "public_token", unique: true },
        { key: { "holder.code": 1, createdAt: -1 }, name: "holder" },
        { key: { typeCode: 1 }, name: "type" },
        { key: { "issuer.code": 1, state: 1 }, name: "issuer_state" },
        { key: { lineage: 1, version: 1 }, name: "lineage" },
        { key: { state: 1, validUntil: 1 }, name: "lapse" },
      ]);
      await db.collection("transitions").createIndexes([
        { key: { seq: 1 }, name: "seq", unique: true },
        { key: { lineage: 1, seq: 1 }, name: "lineage" },
      ]);
      await db.collection("audit_events").createIndexes([
        // The unique seq is what keeps the log dense under concurrent writers (see mongo-store.ts).
        { key: { seq: 1 }, name: "seq", unique: true },
        { key: { holderCode: 1, seq: -1 }, name: "holder" },
      ]);
      await db
        .collection("idempotency")
        .createIndex({ scope: 1, key: 1 }, { name: "scope_key", unique: true });
      await db.collection("api_keys").createIndexes([
        { key: { id: 1 }, name: "id", unique: true },
        { key: { hash: 1 }, name: "hash", unique: true },
      ]);
    },
  },
  {
    version: 2,
    description: "index paper-converted licences by type, issuer and paper number",
    async up(db) {
      await db
        .collection("licences")
        .createIndex(
          { typeCode: 1, "issuer.code": 1, "provenance.paperNumber": 1 },
          { name: "paper_number" },
        );
    },
  },
  {
    version: 3,
    description: "seal-usage ledger; index licences still waiting for a sealed document",
    async up(db) {
      await db.collection("seal_usage").createIndexes([
        // The unique seq keeps the ledger dense under concurrent writers, as for audit events (see mongo-store.ts).
        { key: { seq: 1 }, name: "seq", unique: true },
        { key: { sealSerial: 1, seq: 1 }, name: "seal_serial" },
        { key: { identifier: 1, seq: 1 }, name: "identifier" },
        { key: { department: 1, seq: 1 }, name: "department" },
      ]);
      // Equality on documentSha256 (null) then the sort keys: findUnsealed reads the index in order, no sort stage.
      await db
        .collection("licences")
        .createIndex({ documentSha256: 1, createdAt: 1, identifier: 1 }, { name: "unsealed" });
    },
  },
  {
    version: 4,
    description: "holder share codes; index audit events by action and time",
    async up(db) {
      await db.collection("share_codes").createIndexes([
        { key: { id: 1 }, name: "id", unique: true },
        { key: { holderCode: 1, codeHash: 1 }, name: "holder_hash", unique: true },
      ]);
      await db.collection("audit_events").createIndex({ action: 1, at: 1, seq: 1 }, { name: "action_at" });
    },
  },
  {
    version: 5,
    description: "index renewals made in advance for the sweep",
    async up(db) {
      // Sparse: only versions with a renewal waiting to take effect carry supersededOn.
      await db
        .collection("licences")
        .createIndex({ supersededOn: 1, identifier: 1 }, { name: "succession", sparse: true });
    },
  },
  {
    version: 6,
    description: "index licences by type and licence number (unique among live licences of a type)",
    async up(db) {
      await db
        .collection("licences")
        .createIndex({ typeCode: 1, licenceNumber: 1 }, { name: "licence_number", sparse: true });
    },
  },
  {
    version: 7,
    description: "index unsealed licences apart by whether their sealing is parked",
    async up(db) {
      // The record's sealing field (licences/sealing-failures.ts) is absent until sealing a version fails: nothing to
      // backfill, as { "sealing.parkedAt": null } also matches a record without it. Equality on both nulls then the
      // sort keys: findUnsealed reads the queue in order past no parked version; findSealingParked and
      // countSealingParked read the parked ones (the index's range on parkedAt).
      await db
        .collection("licences")
        .createIndex(
          { documentSha256: 1, "sealing.parkedAt": 1, createdAt: 1, identifier: 1 },
          { name: "sealing_queue" },
        );
    },
  },
];

export async function mongoSchemaVersion(db: Db): Promise<number> {
  const meta = await db.collection<MetaDoc>("meta").findOne({ _id: "schema" });
  return meta?.version ?? 0;
}

export async function migrateMongo(
  db: Db,
  now: () => Date,
  migrations: readonly MongoMigration[] = MONGO_MIGRATIONS,
): Promise<{ from: number; to: number }> {
  const known = migrations.at(-1)?.version ?? 0;
  const from = await mongoSchemaVersion(db);
  if (from > known)
    throw new StoreError(
      "REG_STORE_SCHEMA_TOO_NEW",
      `The MongoDB database ${db.databaseName} has schema version ${from}, but this registry knows versions up to ${known}: ` +
        "it was written by a newer release. Run that release (or newer) against it, or restore a backup made before the upgrade.",
    );
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    await migration.up(db);
    // $max keeps the version monotonic when two instances migrate at once.
    await db.collection<MetaDoc>("meta").updateOne(
      { _id: "schema" },
      {
        $max: { version: migration.version },
        $push: {
          applied: {
            version: migration.version,
            description: migration.description,
            appliedAt: now().toISOString(),
          },
        },
      },
      { upsert: true },
    );
  }
  return { from, to: await mongoSchemaVersion(db) };
}
