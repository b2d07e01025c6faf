// The registry's Redis connection (REDIS_URL): status cache and rate limiter share it. Fails fast rather than
// queueing or waiting: a command gets no reply within the command timeout (Redis frozen, network gone) → rejected;
// Redis not connected → rejected at once (no offline queue). Both users fall back (store reads, in-process limits),
// and the breaker (redis-breaker.ts) keeps them from trying again on every request.
import { Redis } from "ioredis";
import type { RedisBreaker } from "./redis-breaker.js";

/** The connection and the breaker every user of it goes through (status cache, both rate limiters, readiness). */
export interface RedisLink {
  redis: Redis;
  breaker: RedisBreaker;
}

/** Redis answers in well under a millisecond on a LAN; half a second means it is not answering. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 500;

export function openRedis(url: string, commandTimeoutMs = DEFAULT_REDIS_COMMAND_TIMEOUT_MS): Redis {
  return new Redis(url, {
    connectTimeout: 2000,
    commandTimeout: commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    enableAutoPipelining: true,
    // Reconnect with a capped back-off, for ever: the breaker's trial finds Redis again once it is back.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}
