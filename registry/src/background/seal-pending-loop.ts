// The one background-sealing loop: licences stored without a document (bulk conversions, a sealer that was down)
// get their PDFs here, a round at a time, in `elicence serve` (every few seconds, background-work.ts) and after
// `elicence import` (with progress: sealed/total, docs/s, ETA). The writing stays the service's sealRound (record,
// seal-usage entry and audit event in one batch); what is added here is the looping, the log of each version that
// fails, and, with a pool of sealing workers, keeping every worker busy: the next records are already being sealed
// while one round is written.
import type { LicenceRecord } from "../domain/licence.js";
import type { DocumentSealer } from "../licences/licence-service.js";
import type { SealUsage, Store } from "../store/store.js";
import type { FailedSeal, SealRound } from "../licences/seal-pending.js";
import type { SealingProgress } from "../conversion/progress.js";

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

/** Where the loop says what it did: pino's shape (app.log). */
export interface SealingLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Versions written per round unless told otherwise. */
const ROUND = 64;

export interface BackgroundSealingOptions {
  service: { sealRound(limit: number): Promise<SealRound> };
  /**
   * Seals ahead (a pool of workers): each round's records are read first and started on the sealer, which the service
   * must have been built with. Absent: rounds only, with the service's own sealer (`elicence serve`).
   */
  prefetch?: { store: Pick<Store, "findUnsealed">; sealer: PrefetchingSealer };
  /** Licences expected (the ones an import stored); more are sealed if earlier runs left some. */
  expected?: number;
  /** Licences written per round (default 64); with prefetch, the next round's are being sealed meanwhile. */
  batch?: number;
  clock?: () => Date;
  /** Monotonic milliseconds (default performance.now). */
  elapsed?: () => number;
  onProgress?: (p: SealingProgress) => void;
  /**
   * One line per round that sealed something and per version that failed (a warning while it is retried with
   * back-off, an error when it is parked), never one per loop: a parked version is not asked for again, a retried
   * one only when its back-off is over. Absent: the caller reports `failed` at the end (`elicence import`).
   */
  log?: SealingLog;
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

/** Rounds until nothing is left to seal now (or the signal, or a failure of the machine, stops it). */
export async function sealInBackground(o: BackgroundSealingOptions): Promise<SealingSummary> {
  const elapsed = o.elapsed ?? (() => performance.now());
  const clock = o.clock ?? (() => new Date());
  const started = elapsed();
  const batch = Math.max(1, o.batch ?? ROUND);
  const ahead = o.prefetch;
  let sealed = 0;
  let total = o.expected ?? 0;
  let cancelled = false;
  let error: Error | null = null;
  const failed: FailedSeal[] = [];
  let roundStart = ahead?.sealer.delivered ?? 0;
  const progress = (): SealingProgress => ({ sealed, total, elapsedMs: elapsed() - started });
  try {
    for (;;) {
      if (o.signal?.aborted) {
        cancelled = true;
        break;
      }
      if (ahead) {
        // Not the ones waiting out a back-off: sealRound would not ask for them.
        const next = await ahead.store.findUnsealed(batch * 2, clock().toISOString());
        if (next.length === 0) break;
        total = Math.max(total, sealed + next.length);
        ahead.sealer.prefetch(next, clock());
        roundStart = ahead.sealer.delivered;
      }
      const round = await o.service.sealRound(batch);
      sealed += round.sealed;
      failed.push(...round.failed);
      if (o.log) logRound(o.log, round);
      total = Math.max(total, sealed);
      o.onProgress?.(progress());
      // Nothing written: nothing is left, or another process (elicence serve) is sealing the same records; leave them
      // to it. A round of failures only is progress (they are set aside): the records behind them come next.
      if (round.sealed === 0 && round.failed.length === 0) break;
    }
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
    // The round stopped at the record that failed: the ones before it in the round were written.
    if (ahead) sealed += ahead.sealer.delivered - roundStart;
  } finally {
    await ahead?.sealer.settle();
  }
  const seconds = (elapsed() - started) / 1000;
  return { sealed, seconds, docsPerSecond: seconds > 0 ? sealed / seconds : 0, cancelled, error, failed };
}

/** A round as the log shows it: identifiers, departments and codes, never a holder's name or ID number. */
function logRound(log: SealingLog, round: SealRound): void {
  if (round.sealed > 0) log.info({ sealed: round.sealed }, "sealed pending licence documents");
  for (const f of round.failed) {
    const facts = {
      identifier: f.identifier,
      department: f.department,
      code: f.code,
      attempts: f.attempts,
      error: f.errorName,
    };
    if (f.parked)
      log.error(
        facts,
        `licence document parked after ${f.attempts} attempt(s): ${f.message}; the other licences are sealed as usual. Amend the licence, or fix the cause and restart elicence serve`,
      );
    else
      log.warn(
        { ...facts, retryAt: f.retryAt },
        `sealing a licence document failed: ${f.message}; retried at ${f.retryAt}`,
      );
  }
}
