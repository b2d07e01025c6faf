// What `elicence serve` runs besides answering requests: the expiry sweep (at start, then hourly), background sealing
// (every 5 s, the same loop as `elicence import`, seal-pending-loop.ts) and the janitor (crash leftovers and ended
// imports, at start and hourly). Here, not in the command, so that serve only composes and the timers, their
// overlap guards and their log lines have one home.
import type { SealRound } from "../licences/seal-pending.js";
import { Janitor, type JanitorOptions } from "../maintenance/janitor.js";
import { describeStorageFault, storageFault } from "../storage/storage-fault.js";
import { sealInBackground, type SealingLog } from "./seal-pending-loop.js";

export const SWEEP_INTERVAL_MS = 3600_000;
export const SEAL_INTERVAL_MS = 5_000;

export interface BackgroundWorkOptions {
  service: { sweepExpired(): Promise<number>; sealRound(limit: number): Promise<SealRound> };
  /** The janitor's data directory, store and import jobs (its log goes to `log`). */
  janitor: Omit<JanitorOptions, "log">;
  /** pino's shape (app.log). */
  log: SealingLog;
}

export class BackgroundWork {
  readonly #janitor: Janitor;
  #sweepTimer: NodeJS.Timeout | undefined;
  #sealTimer: NodeJS.Timeout | undefined;
  #sealing: Promise<void> | null = null;
  /** The storage fault sealing is paused on: said once when it starts and once when sealing resumes. */
  #paused: string | null = null;

  constructor(private readonly o: BackgroundWorkOptions) {
    this.#janitor = new Janitor({
      ...o.janitor,
      log: {
        info: (report, message) => o.log.info({ janitor: report }, message),
        warn: (err, message) => o.log.warn({ err }, message),
      },
    });
  }

  /**
   * The first expiry sweep (awaited: the registry answers with lapsed licences recorded), then the timers; the
   * janitor's first sweep runs in the background. The timers do not keep the process alive.
   */
  async start(): Promise<void> {
    await this.sweepExpired();
    this.#sweepTimer ??= setInterval(() => void this.sweepExpired(), SWEEP_INTERVAL_MS);
    this.#sweepTimer.unref();
    this.#sealTimer ??= setInterval(() => void this.sealPending(), SEAL_INTERVAL_MS);
    this.#sealTimer.unref();
    void this.#janitor.start().catch((e: unknown) => this.o.log.error({ err: e }, "janitor sweep failed"));
  }

  /** Stops the timers and waits for a sealing run and a janitor sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#sweepTimer);
    clearInterval(this.#sealTimer);
    this.#sweepTimer = this.#sealTimer = undefined;
    await this.#sealing;
    await this.#janitor.stop();
  }

  /** Records lapsed licences and renewals that took effect; a failure is logged, the next hour tries again. */
  async sweepExpired(): Promise<void> {
    try {
      const n = await this.o.service.sweepExpired();
      if (n > 0)
        this.o.log.info({ changed: n }, "sweep recorded lapsed licences and renewals that took effect");
    } catch (e) {
      this.o.log.error({ err: e }, "expiry sweep failed");
    }
  }

  /**
   * Seals what is waiting. A version that cannot be sealed is logged once and parked, never blocking the others
   * (licences/seal-pending.ts). A full or read-only disk pauses sealing until it is fixed, logged when it starts and
   * when sealing resumes, not every five seconds in between. A call while a run is going joins it.
   */
  sealPending(): Promise<void> {
    this.#sealing ??= this.#sealPending().finally(() => {
      this.#sealing = null;
    });
    return this.#sealing;
  }

  async #sealPending(): Promise<void> {
    const log = this.o.log;
    const { error } = await sealInBackground({ service: this.o.service, log });
    if (!error) {
      if (this.#paused) log.info({ code: this.#paused }, `background sealing resumed after ${this.#paused}`);
      this.#paused = null;
      return;
    }
    const fault = storageFault(error);
    if (!fault) log.error({ err: error }, "background sealing failed");
    else if (this.#paused !== fault.code) {
      this.#paused = fault.code;
      log.error(
        { code: fault.code, cause: fault.cause, path: fault.path },
        `background sealing paused: ${describeStorageFault(fault)}; it resumes by itself once the data directory is writable (GET /readyz)`,
      );
    }
  }
}
