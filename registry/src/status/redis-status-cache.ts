// Status cache in Redis, shared by every registry process: values under v:<key>, a generation counter under g:<key>.
// invalidate() bumps the counter; a value counts only while it carries the current generation, so a write from a
// lookup that raced an invalidation in any process is ignored rather than served.
//
// Every command goes through the breaker: while Redis is down or frozen, reads miss at once (the store answers) and
// nothing is written. An invalidation Redis did not take is remembered, and done as soon as Redis answers again
// (before the readiness probe says ok): otherwise every process would serve the status cached before the change until
// its TTL ran out. Until then this process reads those keys from the store.
import type { Redis } from "ioredis";
import type { RedisBreaker } from "./redis-breaker.js";
import type { CachedStatus, CacheRead, StatusCache } from "./status-cache.js";

/** Past this many remembered invalidations, recovery drops every cached value instead (each is one store read). */
const MAX_PENDING = 100_000;

/** A read that must not be written back: the key's invalidation has not reached Redis yet. */
const BYPASS: CacheRead = Object.freeze({ hit: false, value: null, generation: "" });

export class RedisStatusCache implements StatusCache {
  readonly kind = "redis";
  readonly #pending = new Set<string>();
  /** More invalidations were missed than remembered: on recovery, every cached value goes. */
  #overflow = false;
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly breaker: RedisBreaker,
    private readonly ttlMs = 60_000,
    /** Must outlive any value (ttlMs), or a value written under a vanished counter could count again. */
    private readonly generationTtlMs = 86_400_000,
    private readonly prefix = "elicence:status:",
  ) {}

  /** Invalidations still owed to Redis (0 when it has taken them all). */
  get pendingInvalidations(): number {
    return this.#pending.size + (this.#overflow ? 1 : 0);
  }

  async read(key: string): Promise<CacheRead> {
    if (this.#overflow || this.#pending.has(key)) return BYPASS;
    const [raw, gen] = await this.breaker.run(() =>
      this.redis.mget(`${this.prefix}v:${key}`, `${this.prefix}g:${key}`),
    );
    const generation = gen ?? "0";
    if (raw) {
      try {
        const parsed = JSON.parse(raw) as { g: string; f: CachedStatus };
        if (parsed.g === generation) return { hit: true, value: parsed.f, generation };
      } catch {
        // A foreign or truncated value is a miss; the next write replaces it.
      }
    }
    return { hit: false, value: null, generation };
  }

  async write(key: string, value: CachedStatus, generation: string): Promise<void> {
    if (this.#overflow || this.#pending.has(key)) return;
    await this.breaker.run(() =>
      this.redis.set(`${this.prefix}v:${key}`, JSON.stringify({ g: generation, f: value }), "PX", this.ttlMs),
    );
  }

  async invalidate(key: string): Promise<void> {
    try {
      await this.breaker.run(() => this.#invalidate(key));
      this.#pending.delete(key);
    } catch (err) {
      if (this.#pending.size < MAX_PENDING) this.#pending.add(key);
      else this.#overflow = true;
      throw err;
    }
  }

  /** Sends the invalidations Redis missed; resolves when none is owed (or Redis failed again). */
  flushPending(): Promise<void> {
    if (this.pendingInvalidations === 0) return Promise.resolve();
    this.#flushing ??= this.#flush().finally(() => (this.#flushing = null));
    return this.#flushing;
  }

  async #flush(): Promise<void> {
    try {
      if (this.#overflow) {
        await this.breaker.run(() => this.#dropAllValues());
        this.#overflow = false;
        this.#pending.clear();
      }
      for (const key of [...this.#pending]) {
        await this.breaker.run(() => this.#invalidate(key));
        this.#pending.delete(key);
      }
    } catch {
      // Redis failed again: what is left stays owed until the next recovery.
    }
  }

  async #invalidate(key: string): Promise<void> {
    const g = `${this.prefix}g:${key}`;
    await this.redis.multi().incr(g).pexpire(g, this.generationTtlMs).del(`${this.prefix}v:${key}`).exec();
  }

  async #dropAllValues(): Promise<void> {
    let cursor = "0";
    do {
      const [next, keys] = await this.redis.scan(cursor, "MATCH", `${this.prefix}v:*`, "COUNT", 1000);
      if (keys.length > 0) await this.redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  }

  async close(): Promise<void> {
    // The connection belongs to whoever opened it (it also carries the rate limiter).
  }
}
