// `elicence reseal`: licence versions issued or changed since a date get a new sealed document carrying the current
// public base URL (after it changed: the old documents' QR codes and certificate links point at the old one). Same
// licence version, same identifier and token; a new PDF in the document store (the old one stays there), a new entry
// in the seal-usage ledger and an audit event per licence naming both documents' hashes. Resumable: a version whose
// current document was resealed for this base URL is skipped, so a run cut short is finished by running it again.
import type { LicenceRecord } from "../domain/licence.js";
import type { Store, WriteBatch } from "../store/store.js";
import type { DocumentSealer } from "./licence-context.js";

export const RESEAL_ACTION = "licence.reseal";

export interface ResealOptions {
  /** ISO instant: versions whose updatedAt is at or after it. */
  sinceIso: string;
  typeCode?: string;
  /** The base URL the new documents carry (the sealer's): what "already resealed" is judged against. */
  baseUrl: string;
  dryRun: boolean;
  actor: { id: string; role: string; department: string | null };
  /** Versions written per transaction (default 50). */
  batchSize?: number;
  onProgress?: (report: ResealReport) => void;
}

export interface ResealReport {
  /** Versions looked at (of the type, when given). */
  examined: number;
  /** Issued or changed since the date. */
  matched: number;
  /** Given a new document now (or, with dryRun, that would be). */
  resealed: number;
  /** Already resealed for this base URL by an earlier run. */
  alreadyDone: number;
  /** Stored without a document yet: background sealing (serve) seals them with the current base URL. */
  unsealed: number;
  /** Changed while being resealed: left as they are; run again. */
  conflicts: number;
}

const PAGE = 200;

/** Identifier → the document hash an earlier run gave it for this base URL. */
async function earlierReseals(store: Store, sinceIso: string, baseUrl: string): Promise<Map<string, string>> {
  const done = new Map<string, string>();
  const until = "9999-12-31T23:59:59.999Z";
  let after: string | undefined;
  do {
    const page = await store.auditByAction(RESEAL_ACTION, sinceIso, until, 500, after);
    for (const e of page.items)
      if (e.detail?.baseUrl === baseUrl && typeof e.detail.documentSha256 === "string")
        done.set(e.target, e.detail.documentSha256);
    after = page.next;
  } while (after);
  return done;
}

export async function resealSince(
  store: Store,
  sealer: DocumentSealer,
  clock: () => Date,
  options: ResealOptions,
): Promise<ResealReport> {
  const report: ResealReport = {
    examined: 0,
    matched: 0,
    resealed: 0,
    alreadyDone: 0,
    unsealed: 0,
    conflicts: 0,
  };
  const done = await earlierReseals(store, options.sinceIso, options.baseUrl);
  const since = Date.parse(options.sinceIso);
  const batchSize = options.batchSize ?? 50;
  let pending: LicenceRecord[] = [];

  const sealRound = async (): Promise<void> => {
    const batches: WriteBatch[] = [];
    try {
      for (const rec of pending) {
        const usage = await sealer.seal(rec, clock());
        const at = clock().toISOString();
        batches.push({
          updateLicences: [
            {
              record: {
                ...rec,
                documentSha256: usage.documentSha256,
                updatedAt: at,
                revision: rec.revision + 1,
              },
              expectedRevision: rec.revision,
            },
          ],
          sealUsage: [usage],
          audit: [
            {
              actor: options.actor.id,
              role: options.actor.role,
              department: options.actor.department,
              action: RESEAL_ACTION,
              target: rec.identifier,
              holderCode: rec.holder.code,
              purpose: "public base URL changed",
              detail: {
                previousDocumentSha256: rec.documentSha256,
                documentSha256: usage.documentSha256,
                sealSerial: usage.sealSerial,
                level: usage.level,
                baseUrl: options.baseUrl,
              },
              at,
            },
          ],
        });
      }
    } finally {
      // As sealPending: the documents are durable before any record names them; what was sealed before a failure
      // is written, then the failure propagates.
      if (batches.length > 0) {
        await sealer.flush?.();
        const results = await store.applyEach(batches);
        const ok = results.filter((r) => r.ok).length;
        report.resealed += ok;
        report.conflicts += results.length - ok;
      }
      pending = [];
    }
    options.onProgress?.(report);
  };

  let after: string | undefined;
  do {
    const page = await store.listLicences({
      limit: PAGE,
      ...(options.typeCode ? { typeCode: options.typeCode } : {}),
      ...(after ? { after } : {}),
    });
    for (const rec of page.items) {
      report.examined++;
      if (Date.parse(rec.updatedAt) < since) continue;
      report.matched++;
      if (!rec.documentSha256) report.unsealed++;
      else if (done.get(rec.identifier) === rec.documentSha256) report.alreadyDone++;
      else if (options.dryRun) report.resealed++;
      else {
        pending.push(rec);
        if (pending.length >= batchSize) await sealRound();
      }
    }
    after = page.next;
  } while (after);
  if (pending.length > 0) await sealRound();
  return report;
}
