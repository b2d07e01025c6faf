// Status cache in Redis, shared by every registry process: values under v:<key>, a generation counter under g:<key>.
// invalidate() bumps the counter; a value counts only while it carries the current generation, so a write from a
// lookup that raced an invalidation in any process is ignored rather than served.
import type { Redis } from "ioredis";
import type { CachedStatus, CacheRead, StatusCache } from "./status-cache.js";

export class RedisStatusCache implements StatusCache {
  readonly kind = "redis";

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs = 60_000,
    /** Must outlive any value (ttlMs), or a value written under a vanished counter could count again. */
    private readonly generationTtlMs = 86_400_000,
    private readonly prefix = "elicence:status:",
  ) {}

  async read(key: string): Promise<CacheRead> {
    const [raw, gen] = await this.redis.mget(`${this.prefix}v:${key}`, `${this.prefix}g:${key}`);
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
    await this.redis.set(
      `${this.prefix}v:${key}`,
      JSON.stringify({ g: generation, f: value }),
      "PX",
      this.ttlMs,
    );
  }

  async invalidate(key: string): Promise<void> {
    const g = `${this.prefix}g:${key}`;
    await this.redis.multi().incr(g).pexpire(g, this.generationTtlMs).del(`${this.prefix}v:${key}`).exec();
  }

  async close(): Promise<void> {
    // The connection belongs to whoever opened it (it also carries the rate limiter).
  }
}
