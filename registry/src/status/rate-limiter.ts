// Per-client request limits for the public status endpoint: fixed windows aligned to the clock (window n covers
// [n·w, (n+1)·w)), counted in process here or in Redis (redis-rate-limiter.ts) when REDIS_URL is set.
import { normalizeIP } from "@fastify/rate-limit";

export interface RateDecision {
  ok: boolean;
  /** Whole seconds until the client's window ends (what Retry-After says when ok is false). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one request of `client` at `nowMs` and says whether it is within the limit. */
  hit(client: string, nowMs: number): RateDecision | Promise<RateDecision>;
}

/** Within the limit: one shared object, as nearly every answer is this one. */
export const ALLOWED: RateDecision = Object.freeze({ ok: true, retryAfterSeconds: 0 });

/** The client a request counts against: its address, or its /64 for IPv6 (one subscriber's usual allocation). */
export function clientKey(ip: string): string {
  return normalizeIP(ip, 64);
}

export function retryAfterSeconds(nowMs: number, windowMs: number): number {
  return Math.max(1, Math.ceil((windowMs - (nowMs % windowMs)) / 1000));
}

/**
 * Counts per client in a Map cleared whenever a new window starts, so memory follows the clients of one window. Past
 * `maxClients` distinct clients in a window the oldest counts are dropped (those clients start again from zero),
 * which bounds memory under a flood of addresses.
 */
export class MemoryRateLimiter implements RateLimiter {
  #window = Number.NaN;
  readonly #counts = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxClients = 100_000,
  ) {}

  hit(client: string, nowMs: number): RateDecision {
    const window = Math.floor(nowMs / this.windowMs);
    if (window !== this.#window) {
      this.#window = window;
      this.#counts.clear();
    }
    const count = (this.#counts.get(client) ?? 0) + 1;
    if (count === 1 && this.#counts.size >= this.maxClients) {
      const oldest = this.#counts.keys().next();
      if (!oldest.done) this.#counts.delete(oldest.value);
    }
    this.#counts.set(client, count);
    return count <= this.max
      ? ALLOWED
      : { ok: false, retryAfterSeconds: retryAfterSeconds(nowMs, this.windowMs) };
  }
}
