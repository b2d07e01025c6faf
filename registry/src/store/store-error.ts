// Errors raised by the store adapters. Conflicts a caller can act on are results (ApplyResult), not errors;
// these codes are for a store that cannot serve or a call that breaks the store contract.

export type StoreErrorCode =
  /** The database was written by a newer version of the registry than this one. */
  | "REG_STORE_SCHEMA_TOO_NEW"
  /** The MongoDB server is a standalone mongod: no transactions. */
  | "REG_STORE_MONGO_NOT_REPLICA_SET"
  /** A list query with a bad page size or a cursor this store did not issue. */
  | "REG_STORE_BAD_QUERY"
  /** A write batch that breaks the contract (a programming error in the caller): nothing was written. */
  | "REG_STORE_BAD_BATCH"
  /** Concurrent writers kept taking the same audit position; nothing was written, the caller may retry. */
  | "REG_STORE_WRITE_CONTENTION";

/** The catalogue for docs/errors.md. */
export const STORE_ERROR_CODES: Readonly<Record<StoreErrorCode, string>> = {
  REG_STORE_SCHEMA_TOO_NEW:
    "The database was written by a newer release of eLicence; run that release or restore a backup made by this one.",
  REG_STORE_MONGO_NOT_REPLICA_SET:
    "MongoDB must run as a replica set (transactions): start mongod with --replSet rs0 and run rs.initiate() once.",
  REG_STORE_BAD_QUERY:
    "A page size outside 1–500 or a cursor this store did not issue; start again from the first page.",
  REG_STORE_BAD_BATCH: "A write batch broke the store contract (a programming error); nothing was written.",
  REG_STORE_WRITE_CONTENTION:
    "Concurrent writers kept taking the same audit position; nothing was written; retry.",
};

export class StoreError extends Error {
  override readonly name = "StoreError";

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
