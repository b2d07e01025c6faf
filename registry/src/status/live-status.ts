// Wires the public verification side of the registry: the status service with its cache (Redis when REDIS_URL is
// set, in-process otherwise), invalidation from the licence events, and the status and trust-list routes.
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { TrustListPki } from "@elicence/signer";
import type { Store } from "../store/store.js";
import { statusRoutes } from "../http/routes/status.js";
import { trustListRoutes } from "../http/routes/trust-list.js";
import { MemoryStatusCache } from "./memory-status-cache.js";
import { MemoryRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { openRedis } from "./redis-connection.js";
import { RedisRateLimiter } from "./redis-rate-limiter.js";
import { RedisStatusCache } from "./redis-status-cache.js";
import { StatusService } from "./status-service.js";
import { TrustListPublisher } from "./trust-list-publisher.js";
import type { Catalogue } from "../catalogue/catalogue.js";
import { publicRecord } from "./public-record.js";
import { identifierSha256 } from "@elicence/signer/qr-payload/identifier-digest.js";
import { DEFAULT_LIMITS } from "../limits.js";

export interface LiveStatusOptions {
  /** Status requests per client address and window (default 120 a minute). */
  rateLimitMax?: number;
  rateLimitWindowMs?: number;
  /** How long a cached status may live without an invalidation (default 60 s; every change invalidates at once). */
  cacheTtlMs?: number;
  /** In-process cache size: the most recently asked tokens kept (default 100,000; at most twice as many held). */
  cacheEntries?: number;
  /** How long a published trust list stays fresh (default 24 hours). */
  trustListValidityHours?: number;
}

const DEFAULT_RATE_LIMIT_MAX = DEFAULT_LIMITS.statusPerMinute;
const DEFAULT_RATE_LIMIT_WINDOW_MS = 60_000;

/** ioredis reports every failed reconnect; one line per this interval is enough. */
const REDIS_ERROR_LOG_INTERVAL_MS = 30_000;

export class LiveStatus {
  readonly service: StatusService;
  readonly limiter: RateLimiter;
  readonly redis: Redis | null;
  #logError: (err: Error) => void = () => undefined;
  #lastErrorLog = 0;

  constructor(
    private readonly store: Store,
    redisUrl: string | null,
    private readonly options: LiveStatusOptions = {},
  ) {
    this.redis = redisUrl ? openRedis(redisUrl) : null;
    // Without a listener an error event would crash the process; the cache and limiter fall back meanwhile.
    this.redis?.on("error", (err: Error) => {
      const now = Date.now();
      if (now - this.#lastErrorLog < REDIS_ERROR_LOG_INTERVAL_MS) return;
      this.#lastErrorLog = now;
      this.#logError(err);
    });
    const cache = this.redis
      ? new RedisStatusCache(this.redis, options.cacheTtlMs)
      : new MemoryStatusCache(options.cacheEntries, options.cacheTtlMs);
    this.service = new StatusService(store, cache);
    const max = options.rateLimitMax ?? DEFAULT_RATE_LIMIT_MAX;
    const windowMs = options.rateLimitWindowMs ?? DEFAULT_RATE_LIMIT_WINDOW_MS;
    this.limiter = this.redis
      ? new RedisRateLimiter(this.redis, max, windowMs)
      : new MemoryRateLimiter(max, windowMs);
  }

  /** For the licence events: any change of a version, and a new version (whose token may be cached as unknown). */
  invalidate(record: { publicToken: string }): void {
    void this.service.invalidate(record.publicToken);
  }

  async routes(
    app: FastifyInstance,
    pki: TrustListPki,
    clock: () => Date,
    catalogue: Pick<Catalogue, "get">,
  ): Promise<void> {
    this.#logError = (err) =>
      app.log.warn(
        { err },
        "Redis unavailable: live status reads the store and requests are not rate-limited",
      );
    statusRoutes(app, {
      status: this.service,
      limiter: this.limiter,
      clock,
      publicRecord: async (token) => {
        const record = await this.store.getLicenceByToken(token);
        if (!record) return null;
        return {
          identifierSha256: await identifierSha256(record.identifier),
          ...publicRecord(record, catalogue),
        };
      },
    });
    trustListRoutes(app, {
      publisher: new TrustListPublisher(pki, this.options.trustListValidityHours),
      clock,
    });
    app.addHook("onClose", async () => this.close());
  }

  async close(): Promise<void> {
    await this.service.cache.close();
    if (this.redis && this.redis.status !== "end") await this.redis.quit().catch(() => undefined);
  }
}
