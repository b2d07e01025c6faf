// A circuit breaker in front of Redis. Once a command fails or times out, Redis is treated as unavailable for a
// window: commands fail at once (callers fall back to the store and the in-process limiter) instead of each request
// waiting for its own timeout. After the window one command is let through as a trial; its success closes the breaker,
// its failure opens a new window. So while Redis is down or frozen, one request per window pays a timeout, not all.
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
}

/** Redis answered, but slower than the breaker's bound: treated as unavailable for a window. */
export class RedisSlowError extends Error {
  override readonly name = "RedisSlowError";
}

/** Slow answers in a row that open the breaker. */
export const SLOW_IN_A_ROW = 3;

export type BreakerState = "closed" | "open";

export interface BreakerEvents {
  /** The first failure of an outage (once per outage, not per command). */
  onOpen?(cause: unknown): void;
  /** The first success after an outage. */
  onClose?(): void;
}

export class RedisBreaker {
  #failing = false;
  #openUntil = 0;
  #trial = false;
  #lastError: unknown = null;
  #slowInARow = 0;

  constructor(
    /** How long Redis is left alone after a failure before one command tries it again. */
    private readonly retryAfterMs = 5_000,
    private readonly events: BreakerEvents = {},
    private readonly now: () => number = Date.now,
    /**
     * True while the first connection is still being made: a command failing then (no offline queue) is no outage,
     * and must not keep Redis unused for a whole window right after start.
     */
    private readonly starting: () => boolean = () => false,
    /**
     * A command that answers but takes longer than this opens the breaker too (red team: a Redis answering slowly,
     * not frozen, kept every status lookup waiting just under the command timeout while /readyz said ok). The value
     * is still used; the commands after it go to the store for the window.
     */
    private readonly slowMs: number = Number.POSITIVE_INFINITY,
  ) {}

  get state(): BreakerState {
    return this.#failing ? "open" : "closed";
  }

  /** Why the breaker is open (the failure that opened or kept it open). */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Runs `command` unless Redis is known to be unavailable; a failure opens the breaker. */
  async run<T>(command: () => Promise<T>): Promise<T> {
    let trial = false;
    if (this.#failing) {
      // Within the window, or while another command is the trial: fail at once.
      if (this.now() < this.#openUntil || this.#trial)
        throw new RedisUnavailableError("Redis is unavailable; retried after the breaker's window");
      this.#trial = trial = true;
    }
    try {
      const started = this.now();
      const value = await command();
      const took = this.now() - started;
      // Sustained slowness only: one slow answer (a GC pause, a busy CPU) does not send everyone to the store.
      this.#slowInARow = took > this.slowMs ? this.#slowInARow + 1 : 0;
      if (this.#slowInARow >= SLOW_IN_A_ROW) {
        this.#slowInARow = 0;
        this.#open(
          new RedisSlowError(
            `Redis answered ${SLOW_IN_A_ROW} commands in a row slower than ${this.slowMs} ms (the last in ${took} ms)`,
          ),
        );
        return value;
      }
      if (this.#failing) {
        this.#failing = false;
        this.#lastError = null;
        this.events.onClose?.();
      }
      return value;
    } catch (err) {
      if (!this.#failing && this.starting()) throw err;
      this.#open(err);
      throw err;
    } finally {
      if (trial) this.#trial = false;
    }
  }

  #open(err: unknown): void {
    const first = !this.#failing;
    this.#failing = true;
    this.#openUntil = this.now() + this.retryAfterMs;
    this.#lastError = err;
    if (first) this.events.onOpen?.(err);
  }
}
