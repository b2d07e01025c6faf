// Seals the licences a bulk conversion stored without a document, with progress (sealed/total, docs/s, ETA). The
// writing stays LicenceService.sealPending's (record, seal-usage entry and audit event in one batch); what is added
// here is keeping a pool of sealing workers busy: the next records are already being sealed while one is written.
import type { LicenceRecord } from "../domain/licence.js";
import type { DocumentSealer, LicenceService } from "../licences/licence-service.js";
import type { SealUsage, Store } from "../store/store.js";
import type { FailedSeal } from "../licences/seal-pending.js";
import type { SealingProgress } from "./progress.js";

/**
 * A DocumentSealer that starts sealing records before they are asked for. sealPending asks for one record at a
 * time; with the records of the next rounds prefetched, every worker of a pool has work while it waits.
 */
export class PrefetchingSealer implements DocumentSealer {
  readonly #started = new Map<string, Promise<SealUsage>>();
  #delivered = 0;

  /** Seals handed to the service so far (each then written, unless the record changed meanwhile). */
  get delivered(): number {
    return this.#delivered;
  }

  constructor(private readonly inner: DocumentSealer) {}

  /** Starts sealing each record not started yet. A record is known by identifier and revision: a changed one is sealed anew. */
  prefetch(records: readonly LicenceRecord[], now: Date): void {
    for (const r of records) {
      const key = `${r.identifier}#${r.revision}`;
      if (this.#started.has(key)) continue;
      const sealing = this.inner.seal(r, now);
      // Failures surface when the record is asked for; one never asked for must not be an unhandled rejection.
      sealing.catch(() => {});
      this.#started.set(key, sealing);
    }
  }

  async seal(record: LicenceRecord, now: Date): Promise<SealUsage> {
    const key = `${record.identifier}#${record.revision}`;
    const started = this.#started.get(key);
    this.#started.delete(key);
    const usage = await (started ?? this.inner.seal(record, now));
    this.#delivered++;
    return usage;
  }

  /** The inner sealer's flush, when it defers durability (sealPending calls it before each commit). */
  async flush(): Promise<void> {
    await this.inner.flush?.();
  }

  /** Waits for the seals started but never asked for (the run stopped early), so nothing runs after close. */
  async settle(): Promise<void> {
    const left = [...this.#started.values()];
    this.#started.clear();
    await Promise.allSettled(left);
  }
}

export interface BackgroundSealingOptions {
  service: Pick<LicenceService, "sealRound">;
  store: Pick<Store, "findUnsealed">;
  /** The service's sealer (the service must have been built with it). */
  sealer: PrefetchingSealer;
  /** Licences expected (the ones this import stored); more are sealed if earlier runs left some. */
  expected?: number;
  /** Licences written per round (default 64); the next round's are being sealed meanwhile. */
  batch?: number;
  clock: () => Date;
  /** Monotonic milliseconds (default performance.now). */
  elapsed?: () => number;
  onProgress?: (p: SealingProgress) => void;
  /** Stops between rounds; what is sealed stays sealed, the rest waits for the next run or `elicence serve`. */
  signal?: AbortSignal;
}

export interface SealingSummary {
  sealed: number;
  seconds: number;
  docsPerSecond: number;
  cancelled: boolean;
  /** Why sealing stopped early, when it failed: the licences left unsealed are sealed by a later run. */
  error: Error | null;
  /**
   * Licences whose own sealing failed (licences/sealing-failures.ts): set aside, parked or to be retried by
   * `elicence serve`, while the others were sealed.
   */
  failed: FailedSeal[];
}

export async function sealInBackground(o: BackgroundSealingOptions): Promise<SealingSummary> {
  const elapsed = o.elapsed ?? (() => performance.now());
  const started = elapsed();
  const batch = Math.max(1, o.batch ?? 64);
  let sealed = 0;
  let total = o.expected ?? 0;
  let cancelled = false;
  let error: Error | null = null;
  const failed: FailedSeal[] = [];
  let roundStart = o.sealer.delivered;
  const progress = (): SealingProgress => ({ sealed, total, elapsedMs: elapsed() - started });
  try {
    for (;;) {
      if (o.signal?.aborted) {
        cancelled = true;
        break;
      }
      // Not the ones waiting out a back-off: sealRound would not ask for them.
      const ahead = await o.store.findUnsealed(batch * 2, o.clock().toISOString());
      if (ahead.length === 0) break;
      total = Math.max(total, sealed + ahead.length);
      o.sealer.prefetch(ahead, o.clock());
      roundStart = o.sealer.delivered;
      const round = await o.service.sealRound(batch);
      sealed += round.sealed;
      failed.push(...round.failed);
      o.onProgress?.(progress());
      // Nothing written: another process (elicence serve) is sealing the same records; leave them to it. A round of
      // failures only is progress (they are set aside): the records behind them come next.
      if (round.sealed === 0 && round.failed.length === 0) break;
    }
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
    // The round stopped at the record that failed: the ones before it in the round were written.
    sealed += o.sealer.delivered - roundStart;
  } finally {
    await o.sealer.settle();
  }
  const seconds = (elapsed() - started) / 1000;
  return { sealed, seconds, docsPerSecond: seconds > 0 ? sealed / seconds : 0, cancelled, error, failed };
}
