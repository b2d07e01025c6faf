// Wires the public verification side of the registry: the status service with its cache (Redis when REDIS_URL is
// set, in-process otherwise), invalidation from the licence events, the rate limiter, and what the status and
// trust-list routes answer (their HTTP side is http/routes/status.ts, a plugin app.ts registers).
import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import type { TrustListPki } from "@elicence/signer";
import type { Store } from "../store/store.js";
import { MemoryStatusCache } from "./memory-status-cache.js";
import { MemoryRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS, openRedis, type RedisLink } from "./redis-connection.js";
import { RedisBreaker } from "./redis-breaker.js";
import type { ProbeResult, Readiness } from "../health/readiness.js";
import { DETAIL_CODES } from "../errors.js";
import { RedisRateLimiter } from "./redis-rate-limiter.js";
import { RedisStatusCache } from "./redis-status-cache.js";
import { StatusService } from "./status-service.js";
import { TrustListPublisher } from "./trust-list-publisher.js";
import type { Catalogue } from "../catalogue/catalogue.js";
import { publicRecord, type PublicRecord } from "./public-record.js";
import { identifierSha256 } from "@elicence/signer/browser";
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
  /** A Redis command without a reply after this long has failed (default 500 ms). */
  redisCommandTimeoutMs?: number;
  /** After a Redis failure, how long every request skips Redis before one tries it again (default 5 s). */
  redisRetryAfterMs?: number;
}

const DEFAULT_RATE_LIMIT_MAX = DEFAULT_LIMITS.statusPerMinute;
const DEFAULT_RATE_LIMIT_WINDOW_MS = 60_000;

/** ioredis's states before its first connection is up; a failure after that (even "reconnecting") is an outage. */
const FIRST_CONNECTING = new Set(["wait", "connecting", "connect"]);

/** ioredis reports every failed reconnect; one line per this interval is enough. */
const REDIS_ERROR_LOG_INTERVAL_MS = 30_000;

export class LiveStatus {
  readonly service: StatusService;
  readonly limiter: RateLimiter;
  readonly redis: Redis | null;
  /** The connection with its breaker, for the other users of Redis (the upload limiter); null without REDIS_URL. */
  readonly link: RedisLink | null;
  readonly #cache: RedisStatusCache | null;
  #log: { warn(o: object, msg: string): void; info(msg: string): void } | null = null;
  #logError: (err: Error) => void = () => undefined;
  #lastErrorLog = 0;
  #everReady = false;

  constructor(
    private readonly store: Store,
    redisUrl: string | null,
    private readonly options: LiveStatusOptions = {},
    /** Where the "redis" check goes: degraded (REG_REDIS_UNAVAILABLE) while Redis does not answer. */
    readiness?: Readiness,
  ) {
    this.redis = redisUrl ? openRedis(redisUrl, options.redisCommandTimeoutMs) : null;
    const breaker = new RedisBreaker(
      options.redisRetryAfterMs,
      {
        // One line when an outage starts and one when it ends, however many requests fell back meanwhile.
        onOpen: (err) =>
          this.#log?.warn(
            { err, code: "REG_REDIS_UNAVAILABLE" },
            "Redis unavailable: live status reads the store and rate limits are counted per process until it answers",
          ),
        onClose: () => {
          this.#log?.info("Redis answers again: live status cache and shared rate limits resumed");
          void this.#cache?.flushPending();
        },
      },
      Date.now,
      () => !this.#everReady && FIRST_CONNECTING.has(this.redis?.status ?? ""),
      // Half the command timeout: a healthy Redis answers in milliseconds; one answering slower than this costs
      // each lookup more than the store would.
      (options.redisCommandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS) / 2,
    );
    this.link = this.redis ? { redis: this.redis, breaker } : null;
    this.redis?.once("ready", () => (this.#everReady = true));
    // Without a listener an error event would crash the process; the cache and limiter fall back meanwhile.
    this.redis?.on("error", (err: Error) => {
      const now = Date.now();
      if (now - this.#lastErrorLog < REDIS_ERROR_LOG_INTERVAL_MS) return;
      this.#lastErrorLog = now;
      this.#logError(err);
    });
    this.#cache = this.redis ? new RedisStatusCache(this.redis, breaker, options.cacheTtlMs) : null;
    this.service = new StatusService(
      store,
      this.#cache ?? new MemoryStatusCache(options.cacheEntries, options.cacheTtlMs),
    );
    const max = options.rateLimitMax ?? DEFAULT_RATE_LIMIT_MAX;
    const windowMs = options.rateLimitWindowMs ?? DEFAULT_RATE_LIMIT_WINDOW_MS;
    this.limiter = this.redis
      ? new RedisRateLimiter(this.redis, breaker, max, windowMs)
      : new MemoryRateLimiter(max, windowMs);
    if (this.link && readiness) readiness.add("redis", () => this.#probe());
  }

  /**
   * Ok when Redis answers a PING and has taken every invalidation it missed; degraded otherwise (the registry still
   * answers everything, from the store). Through the breaker: while it is open this answers at once.
   */
  async #probe(): Promise<ProbeResult> {
    const link = this.link;
    if (!link) return { state: "ok" };
    const { redis, breaker } = link;
    try {
      // Just after start the first connection may still be coming up: give it a moment rather than fail.
      if (!this.#everReady) await firstConnection(redis, this.options.redisCommandTimeoutMs ?? 500);
      await breaker.run(() => redis.ping());
      // A PING that answered slowly opened the breaker: lookups read the store meanwhile, and this says so.
      if (breaker.state === "open") throw breaker.lastError;
      await this.#cache?.flushPending();
      if ((this.#cache?.pendingInvalidations ?? 0) > 0) throw new Error("invalidations still owed to Redis");
      return { state: "ok" };
    } catch (err) {
      const cause = breaker.lastError ?? err;
      return {
        state: "degraded",
        code: "REG_REDIS_UNAVAILABLE",
        message: `${DETAIL_CODES.REG_REDIS_UNAVAILABLE} (${redisTarget(redis)}: ${cause instanceof Error ? cause.message : String(cause)})`,
      };
    }
  }

  /** For the licence events: any change of a version, and a new version (whose token may be cached as unknown). */
  invalidate(record: { publicToken: string }): void {
    void this.service.invalidate(record.publicToken);
  }

  /** Where Redis outages and recoveries are logged (the app's logger, once it exists). */
  useLog(log: FastifyBaseLogger): void {
    this.#log = { warn: (o, msg) => log.warn(o, msg), info: (msg) => log.info(msg) };
    this.#logError = (err) =>
      log.warn(
        { err },
        "Redis connection failed: live status reads the store and rate limits are counted per process meanwhile",
      );
  }

  /** Which licence a public token names, as far as it is public; null for an unknown token. */
  async publicRecord(
    token: string,
    catalogue: Pick<Catalogue, "get">,
  ): Promise<(PublicRecord & { identifierSha256: string }) | null> {
    const record = await this.store.getLicenceByToken(token);
    if (!record) return null;
    return {
      identifierSha256: await identifierSha256(record.identifier),
      ...publicRecord(record, catalogue),
    };
  }

  /** The trust list of `pki`, signed and kept fresh for trustListValidityHours. */
  trustList(pki: TrustListPki): TrustListPublisher {
    return new TrustListPublisher(pki, this.options.trustListValidityHours);
  }

  async close(): Promise<void> {
    this.#log = null;
    await this.service.cache.close();
    // QUIT waits for Redis's reply: a frozen Redis never gives one, so the connection is dropped instead.
    if (this.redis && this.redis.status !== "end")
      await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

/** host:port of the Redis connection, for messages: never the URL, which may carry a password. */
function redisTarget(redis: Redis): string {
  return `Redis at ${redis.options.host ?? "?"}:${redis.options.port ?? "?"}`;
}

/** Resolves once the connection is ready, or after `ms` (whichever comes first). */
function firstConnection(redis: Redis, ms: number): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.once("ready", done);
  });
}
