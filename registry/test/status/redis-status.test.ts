// Live status with REDIS_URL against a real redis-server started here: two registry apps over one store and one
// Redis behave as two processes sharing the status cache (and its invalidation) and the rate limit.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Redis } from "ioredis";
import { toolsAvailable } from "../../../test-support/tools.js";
import { startRedis, stopRedis, type RedisServer } from "../../../test-support/redis-server.js";
import { auth } from "../support/harness.js";
import { startStatusHarness, type StatusHarness } from "./status-harness.js";

const ok = toolsAvailable("live status with Redis", "redis-server");
const RATE_MAX = 6;

describe.skipIf(!ok)("live status with Redis", () => {
  let redis: RedisServer;
  let direct: Redis;
  let one: StatusHarness;
  let two: StatusHarness;

  beforeAll(async () => {
    redis = await startRedis();
    direct = new Redis(redis.url);
    direct.on("error", () => undefined);
    one = await startStatusHarness({ redisUrl: redis.url, liveStatus: { rateLimitMax: RATE_MAX } });
    two = await startStatusHarness({
      share: one,
      redisUrl: redis.url,
      liveStatus: { rateLimitMax: RATE_MAX },
    });
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
    direct?.disconnect();
    await stopRedis(redis);
  });

  const status = (h: StatusHarness, token: string, remoteAddress = "127.0.0.1") =>
    h.app.inject({ method: "GET", url: `/api/v1/status/${token}`, remoteAddress });

  it("shares cached statuses between processes, keyed by token hash, and invalidates them everywhere", async () => {
    const { identifier, token } = await one.issue();
    const reads = vi.spyOn(one.store, "statusByToken");
    expect((await status(one, token)).json().state).toBe("01");
    expect((await status(two, token)).json().state).toBe("01");
    expect(reads).toHaveBeenCalledTimes(1); // the second process answered from Redis
    const keys = await direct.keys("elicence:status:v:*");
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join()).not.toContain(token);

    const revoked = await one.app.inject({
      method: "POST",
      url: `/api/v1/licences/${identifier}/revoke`,
      headers: auth(one.issuerKey),
      payload: { reason: "revoked-by-law" },
    });
    expect(revoked.statusCode).toBe(200);
    expect((await status(two, token)).json()).toMatchObject({ state: "07", reason: "revoked-by-law" });
    expect(reads).toHaveBeenCalledTimes(2);
    reads.mockRestore();
  });

  it(`counts one client's requests across processes: the ${RATE_MAX + 1}th gets 429 wherever it lands`, async () => {
    const { token } = await one.issue();
    for (let i = 0; i < RATE_MAX; i++)
      expect((await status(i % 2 ? one : two, token, "10.20.30.40")).statusCode).toBe(200);
    const limited = await status(one, token, "10.20.30.40");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("REG_RATE_LIMITED");
    expect((await status(two, token, "10.20.30.40")).statusCode).toBe(429);
    expect((await direct.keys("elicence:rate:*")).length).toBeGreaterThan(0);
  });

  it("keeps answering from the store while Redis is down", async () => {
    const { token } = await one.issue();
    redis.proc.kill();
    await new Promise((r) => redis.proc.once("exit", r));
    const res = await status(two, token, "10.0.0.99");
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe("01");
  });
});
