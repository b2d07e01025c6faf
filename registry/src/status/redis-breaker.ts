// A circuit breaker in front of Redis. Once a command fails or times out, Redis is treated as unavailable for a
// window: commands fail at once (callers fall back to the store and the in-process limiter) instead of each request
// waiting for its own timeout. After the window one command is let through as a trial; its success closes the breaker,
// its failure opens a new window. So while Redis is down or frozen, one request per window pays a timeout, not all.
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
}

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
      const value = await command();
      if (this.#failing) {
        this.#failing = false;
        this.#lastError = null;
        this.events.onClose?.();
      }
      return value;
    } catch (err) {
      if (!this.#failing && this.starting()) throw err;
      const first = !this.#failing;
      this.#failing = true;
      this.#openUntil = this.now() + this.retryAfterMs;
      this.#lastError = err;
      if (first) this.events.onOpen?.(err);
      throw err;
    } finally {
      if (trial) this.#trial = false;
    }
  }
}
