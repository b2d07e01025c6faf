// Per-client limits counted in Redis, so that every registry process shares one count per client and window: one
// script call per request (INCR, and PEXPIRE on the window's first request). While Redis is unavailable (the breaker
// open, a command failing or timing out) each process counts in its own memory instead: an outage must neither take
// the verifier down nor lift the limit.
import type { Redis } from "ioredis";
import {
  ALLOWED,
  MemoryRateLimiter,
  retryAfterSeconds,
  type RateDecision,
  type RateLimiter,
} from "./rate-limiter.js";
import type { RedisBreaker } from "./redis-breaker.js";

const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

type WithHit = Redis & { elicenceRateHit(key: string, ttlMs: number): Promise<number> };

export class RedisRateLimiter implements RateLimiter {
  readonly #redis: WithHit;
  readonly #fallback: MemoryRateLimiter;

  constructor(
    redis: Redis,
    private readonly breaker: RedisBreaker,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly prefix = "elicence:rate:",
  ) {
    // defineCommand sends the script once and EVALSHA afterwards (reloading it after a Redis restart).
    if (!("elicenceRateHit" in redis)) redis.defineCommand("elicenceRateHit", { numberOfKeys: 1, lua: HIT });
    this.#redis = redis as WithHit;
    this.#fallback = new MemoryRateLimiter(max, windowMs);
  }

  async hit(client: string, nowMs: number): Promise<RateDecision> {
    const window = Math.floor(nowMs / this.windowMs);
    let count: number;
    try {
      count = await this.breaker.run(() =>
        this.#redis.elicenceRateHit(`${this.prefix}${window}:${client}`, this.windowMs),
      );
    } catch {
      return this.#fallback.hit(client, nowMs);
    }
    return count <= this.max
      ? ALLOWED
      : { ok: false, retryAfterSeconds: retryAfterSeconds(nowMs, this.windowMs) };
  }
}
