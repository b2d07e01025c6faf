// Background sealing's round (LicenceService.sealPending / sealRound) and the loop `elicence serve` runs every 5 s.
// A version that fails is written back with its sealing state (sealing-failures.ts) in the same transaction as the
// ones sealed, and the round goes on: nothing behind a bad version waits for it. Only a failure of the machine
// (disk, keys, TSA, store) stops the round, blaming no record.
import type { AuditEventInput } from "../domain/audit-event.js";
import type { LicenceRecord } from "../domain/licence.js";
import type { ApplyResult, Store, WriteBatch } from "../store/store.js";
import type { DocumentSealer } from "./licence-context.js";
import {
  afterFailure,
  classifySealFailure,
  SEAL_FAILED_ACTION,
  SEAL_UNPARKED_ACTION,
  unparked,
  type SealFailure,
} from "./sealing-failures.js";

/** A version whose sealing failed this round (its new sealing state is stored). */
export interface FailedSeal {
  identifier: string;
  typeCode: string;
  department: string;
  attempts: number;
  code: string;
  /** Never a value: fields and code points only. */
  message: string;
  parked: boolean;
  retryAt: string | null;
  /** The error's class name (Error, RenderError …): its message may carry a value, so it is not kept. */
  errorName: string;
}

export interface SealRound {
  /** Versions sealed and written. */
  sealed: number;
  /** Versions whose failure was written (retry later, or parked). */
  failed: FailedSeal[];
}

const SYSTEM = { actor: "system", role: "system", department: null } as const;

function event(
  action: string,
  rec: LicenceRecord,
  at: string,
  detail: Record<string, unknown>,
): AuditEventInput {
  return {
    ...SYSTEM,
    action,
    target: rec.identifier,
    holderCode: rec.holder.code,
    purpose: null,
    detail,
    at,
  };
}

function sealedBatch(rec: LicenceRecord, usage: Awaited<ReturnType<DocumentSealer["seal"]>>, at: string) {
  const { sealing: _cleared, ...rest } = rec;
  const updated: LicenceRecord = {
    ...rest,
    documentSha256: usage.documentSha256,
    updatedAt: at,
    revision: rec.revision + 1,
  };
  return {
    updateLicences: [{ record: updated, expectedRevision: rec.revision }],
    sealUsage: [usage],
    audit: [
      event("licence.seal", rec, at, {
        documentSha256: usage.documentSha256,
        sealSerial: usage.sealSerial,
        level: usage.level,
      }),
    ],
  } satisfies WriteBatch;
}

function failedBatch(rec: LicenceRecord, failure: SealFailure, now: Date) {
  const updated = afterFailure(rec, failure, now);
  const s = updated.sealing;
  const batch: WriteBatch = {
    updateLicences: [{ record: updated, expectedRevision: rec.revision }],
    audit: [
      event(SEAL_FAILED_ACTION, rec, now.toISOString(), {
        attempts: s?.attempts ?? 1,
        code: failure.code,
        parked: s?.parkedAt !== undefined,
        ...(s?.retryAt ? { retryAt: s.retryAt } : {}),
      }),
    ],
  };
  return { batch, updated };
}

/**
 * Seals up to `limit` versions waiting for their document (parked ones and ones waiting out a back-off are not
 * asked for). Each is written with its seal-usage entry and audit event, or with its failure; a version changed
 * meanwhile is left for the next round. A failure of the machine is thrown after the round's writes.
 */
export async function sealRound(
  deps: { store: Store; sealer: DocumentSealer; clock: () => Date },
  limit: number,
): Promise<SealRound> {
  const { store, sealer, clock } = deps;
  const batches: WriteBatch[] = [];
  const failures = new Map<number, FailedSeal>();
  let sealedBatches = 0;
  let results: ApplyResult[] = [];
  try {
    for (const rec of await store.findUnsealed(limit, clock().toISOString())) {
      let usage;
      try {
        usage = await sealer.seal(rec, clock());
      } catch (e) {
        const failure = classifySealFailure(e);
        if (failure.kind === "environment") throw e;
        const { batch, updated } = failedBatch(rec, failure, clock());
        failures.set(batches.length, {
          identifier: rec.identifier,
          typeCode: rec.typeCode,
          department: rec.issuer.code,
          attempts: updated.sealing?.attempts ?? 1,
          code: failure.code,
          message: failure.message,
          parked: updated.sealing?.parkedAt !== undefined,
          retryAt: updated.sealing?.retryAt ?? null,
          errorName: e instanceof Error ? e.name : typeof e,
        });
        batches.push(batch);
        continue;
      }
      batches.push(sealedBatch(rec, usage, clock().toISOString()));
      sealedBatches++;
    }
  } finally {
    // One transaction (one fsync) for the round, also when the machine failed: the records sealed (or failed) before
    // are written, then the failure propagates. Each record still conflicts on its own if it changed meanwhile. The
    // documents are already stored by hash, and durable (flush) before any record refers to them: a crash before this
    // commit leaves them unreferenced and the records unsealed for the next round, never half-written.
    if (sealedBatches > 0) await sealer.flush?.();
    results = await store.applyEach(batches);
  }
  const failed: FailedSeal[] = [];
  let sealed = 0;
  results.forEach((r, i) => {
    if (!r.ok) return;
    const f = failures.get(i);
    if (f) failed.push(f);
    else sealed++;
  });
  return { sealed, failed };
}

/**
 * Makes every parked version eligible again (a restart of `elicence serve` calls it: a fallback font or a new seal
 * certificate takes effect only then). Each is written with an audit event; returns how many.
 */
export async function unparkAll(store: Store, clock: () => Date): Promise<number> {
  let unparkedCount = 0;
  for (;;) {
    const page = await store.findSealingParked(100);
    if (page.length === 0) return unparkedCount;
    const now = clock();
    const results = await store.applyEach(
      page.map((rec) => ({
        updateLicences: [{ record: unparked(rec, now), expectedRevision: rec.revision }],
        audit: [
          event(SEAL_UNPARKED_ACTION, rec, now.toISOString(), {
            attempts: rec.sealing?.attempts ?? 0,
            code: rec.sealing?.lastError.code ?? null,
          }),
        ],
      })),
    );
    const written = results.filter((r) => r.ok).length;
    unparkedCount += written;
    // Every one changed meanwhile by another writer: leave them, rather than loop.
    if (written === 0) return unparkedCount;
  }
}
