// The per-client limit of POST /api/v1/verify/pdf: the status route's fixed-window limiter, in Redis (its own key
// prefix, so uploads and status lookups are counted apart) when REDIS_URL is set, in process otherwise (and while
// Redis is unavailable: the link's breaker is shared with the status cache).
import type { RedisLink } from "../status/redis-connection.js";
import { MemoryRateLimiter, type RateLimiter } from "../status/rate-limiter.js";
import { RedisRateLimiter } from "../status/redis-rate-limiter.js";
import { DEFAULT_LIMITS } from "../limits.js";

/** Uploads per client address and minute unless ELICENCE_VERIFY_PDF_RATE says otherwise (limits.ts). */
export const VERIFY_PDF_RATE_MAX = DEFAULT_LIMITS.verifyPdfPerMinute;
export const VERIFY_PDF_RATE_WINDOW_MS = 60_000;

export function verifyPdfLimiter(
  redis: RedisLink | null,
  o: { rateLimitMax?: number; rateLimitWindowMs?: number } = {},
): RateLimiter {
  const max = o.rateLimitMax ?? VERIFY_PDF_RATE_MAX;
  const windowMs = o.rateLimitWindowMs ?? VERIFY_PDF_RATE_WINDOW_MS;
  return redis
    ? new RedisRateLimiter(redis.redis, redis.breaker, max, windowMs, "elicence:rate:verify-pdf:")
    : new MemoryRateLimiter(max, windowMs);
}

/** Validations at once and uploads admitted beyond them unless the environment says otherwise (limits.ts). */
export const VERIFY_PDF_CONCURRENCY = DEFAULT_LIMITS.verifyPdfConcurrency;
export const VERIFY_PDF_QUEUE = DEFAULT_LIMITS.verifyPdfQueue;

/** One admitted upload: waits for a validation slot, gives back its place once (any number of calls). */
export interface UploadTicket {
  /** Runs `work` once one of the `running` slots is free; the slot is freed when it settles. */
  run<T>(work: () => Promise<T>): Promise<T>;
  release(): void;
}

/**
 * Bounds what PDF uploads cost the whole server, whatever the number of clients (the per-address limit above bounds
 * one client): `running` validations at once, and at most `queue` more uploads admitted (being received to a
 * temporary file, or waiting for a slot). Admission is decided before the body is read, so a refused upload costs
 * nothing; memory holds only the running ones' bytes, disk at most running + queue uploads.
 */
export class UploadGate {
  #admitted = 0;
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  /** Seconds one validation takes, smoothed: what Retry-After is estimated from. */
  #seconds = 1;

  /** Admitted uploads per client address. */
  readonly #byAddress = new Map<string, number>();
  /** Places one client address may hold at once: slow or many uploads from one client never fill the gate. */
  readonly perAddress: number;

  constructor(
    readonly running: number = VERIFY_PDF_CONCURRENCY,
    readonly queue: number = VERIFY_PDF_QUEUE,
    perAddress?: number,
  ) {
    this.perAddress = perAddress ?? Math.max(1, Math.ceil((running + queue) / 4));
  }

  /** Uploads admitted for `address` and not yet answered. */
  heldBy(address: string): number {
    return this.#byAddress.get(address) ?? 0;
  }

  /** Uploads admitted and not yet answered. */
  get admitted(): number {
    return this.#admitted;
  }

  /** A ticket, or null when running + queue uploads are already admitted. */
  admit(address = ""): UploadTicket | null {
    if (this.#admitted >= this.running + this.queue) return null;
    this.#admitted++;
    this.#byAddress.set(address, this.heldBy(address) + 1);
    let released = false;
    return {
      run: (work) => this.#run(work),
      release: () => {
        if (released) return;
        released = true;
        this.#admitted--;
        const held = this.heldBy(address) - 1;
        if (held > 0) this.#byAddress.set(address, held);
        else this.#byAddress.delete(address);
      },
    };
  }

  /** When a refused client may find a place: the uploads ahead of it, through the slots, at the recent pace. */
  retryAfterSeconds(): number {
    const rounds = Math.ceil((this.#admitted + 1) / this.running);
    return Math.min(60, Math.max(1, Math.ceil(rounds * this.#seconds)));
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.running) await new Promise<void>((go) => this.#waiting.push(go));
    else this.#running++;
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.#seconds = 0.8 * this.#seconds + 0.2 * ((performance.now() - started) / 1000);
      // The slot passes straight to the next waiter (the count stays), or is freed.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
