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
