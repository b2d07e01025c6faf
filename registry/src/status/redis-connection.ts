// The registry's Redis connection (REDIS_URL): status cache and rate limiter share it. Fails fast rather than
// queueing for ever, so that a Redis outage slows nothing down: both users fall back (store reads, no limit).
import { Redis } from "ioredis";

export function openRedis(url: string): Redis {
  return new Redis(url, {
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    // Reconnect with a capped back-off; commands issued meanwhile fail after one retry instead of waiting.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}
