// Rules both adapters apply to a write batch before and while writing it, so they behave the same.
import type { AuditEventInput } from "../domain/audit-event.js";
import type { ApplyResult, WriteBatch } from "./store.js";
import { StoreError } from "./store-error.js";

/** Thrown inside a transaction to roll it back and hand a conflict result to the caller. */
export class BatchConflict extends Error {
  constructor(readonly result: Extract<ApplyResult, { ok: false }>) {
    super(`write batch conflict: ${result.conflict}`);
  }
}

/** Rejects batches that would silently defeat optimistic concurrency. */
export function checkBatch(batch: WriteBatch): void {
  for (const { record, expectedRevision } of batch.updateLicences ?? []) {
    if (record.revision !== expectedRevision + 1)
      throw new StoreError(
        "REG_STORE_BAD_BATCH",
        `Update of ${record.identifier} must carry revision ${expectedRevision + 1} (expected revision + 1), got ${record.revision}.`,
      );
  }
}

/** A JSON round trip: what is hashed and returned is exactly what both stores can give back later. */
export function jsonClone<T>(value: T): T {
  return value === undefined ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}

/** The audit input in its stored shape; the chain hash is computed over this, never over the raw input. */
export function normaliseAuditInput(input: AuditEventInput): AuditEventInput {
  const event: AuditEventInput = {
    actor: input.actor,
    role: input.role,
    department: input.department ?? null,
    action: input.action,
    target: input.target,
    holderCode: input.holderCode ?? null,
    purpose: input.purpose ?? null,
    at: input.at,
  };
  if (input.detail !== undefined && input.detail !== null) event.detail = jsonClone(input.detail);
  return event;
}

/** The lineage of each licence the batch writes, for transitions that refer to them. */
export function batchLineages(batch: WriteBatch): Map<string, string> {
  const lineages = new Map<string, string>();
  for (const record of batch.insertLicences ?? []) lineages.set(record.identifier, record.lineage);
  for (const { record } of batch.updateLicences ?? []) lineages.set(record.identifier, record.lineage);
  return lineages;
}

export function unknownLicenceForTransition(identifier: string): StoreError {
  return new StoreError(
    "REG_STORE_BAD_BATCH",
    `A transition refers to licence ${identifier}, which is neither stored nor written by the same batch.`,
  );
}

export function unknownLicenceForSealUsage(identifier: string): StoreError {
  return new StoreError(
    "REG_STORE_BAD_BATCH",
    `A seal usage refers to licence ${identifier}, which is neither stored nor written by the same batch.`,
  );
}
