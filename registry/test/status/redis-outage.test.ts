// Live status while Redis is frozen (SIGSTOP) or down (killed), against a real redis-server: lookups keep answering
// with the right status from the store and never hang, /readyz says degraded with REG_REDIS_UNAVAILABLE, rate limits
// are counted in process meanwhile, and everything is back (ready, shared cache) once Redis answers again. Two apps
// over one store and one Redis stand in for two registry processes. The time bounds are ceilings proving "does not
// hang" (a command timeout is 300 ms here), never measurements.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolsAvailable } from "../../../test-support/tools.js";
import { startRedis, stopRedis, type RedisServer } from "../../../test-support/redis-server.js";
import { auth } from "../support/harness.js";
import { startStatusHarness, type StatusHarness } from "./status-harness.js";

const ok = toolsAvailable("live status during a Redis outage", "redis-server");
const RATE_MAX = 5;
/** Far above one command timeout (300 ms), far below what a hang costs (the issue saw 8 s per request, and 242 s). */
const NO_HANG_MS = 5_000;

interface Readyz {
  status: string;
  checks: Record<string, { state: string; code?: string; message?: string }>;
}

describe.skipIf(!ok)("live status while Redis is frozen or down", () => {
  let redis: RedisServer;
  let one: StatusHarness;
  let two: StatusHarness;
  const liveStatus = { rateLimitMax: RATE_MAX, redisCommandTimeoutMs: 300, redisRetryAfterMs: 500 };
  // `one` leaves Redis alone for 2 s after a failure: long enough that a change made just after the failure has its
  // invalidation skipped (not sent and buffered), which is what must not leave a stale status behind.
  const oneStatus = { ...liveStatus, redisRetryAfterMs: 2_000 };

  beforeAll(async () => {
    redis = await startRedis();
    one = await startStatusHarness({ redisUrl: redis.url, liveStatus: oneStatus });
    two = await startStatusHarness({ share: one, redisUrl: redis.url, liveStatus });
  }, 60_000);
  afterAll(async () => {
    await stopRedis(redis);
    await two?.close();
    await one?.close();
  });

  /** A status lookup, with how long it took; each from its own client address unless one is given (the limit). */
  let client = 0;
  const status = async (h: StatusHarness, token: string, remoteAddress = `10.1.0.${++client}`) => {
    const started = Date.now();
    const res = await h.app.inject({ method: "GET", url: `/api/v1/status/${token}`, remoteAddress });
    return { res, ms: Date.now() - started };
  };
  const readyz = async (h: StatusHarness) => {
    const res = await h.app.inject({ method: "GET", url: "/readyz" });
    return { statusCode: res.statusCode, body: res.json<Readyz>() };
  };
  /** Polls /readyz until it says `want` (the breaker retries Redis every 500 ms; reconnecting takes up to 2 s). */
  const readyzBecomes = async (h: StatusHarness, want: string) => {
    let last = await readyz(h);
    for (let i = 0; i < 100 && last.body.status !== want; i++) {
      await new Promise((r) => setTimeout(r, 150));
      last = await readyz(h);
    }
    return last;
  };
  const revoke = (identifier: string) =>
    one.app.inject({
      method: "POST",
      url: `/api/v1/licences/${identifier}/revoke`,
      headers: auth(one.issuerKey),
      payload: { reason: "revoked-by-law" },
    });
  const expectDegraded = (r: { statusCode: number; body: Readyz }) => {
    expect(r.statusCode).toBe(200);
    expect(r.body.status).toBe("degraded");
    expect(r.body.checks.redis).toMatchObject({ state: "degraded", code: "REG_REDIS_UNAVAILABLE" });
    expect(r.body.checks.redis?.message).toContain("REDIS_URL");
    expect(r.body.checks.redis?.message).not.toContain("redis://");
  };

  it("frozen (SIGSTOP): lookups answer from the store at once, /readyz degraded; SIGCONT: ready and no stale status", async () => {
    const a = await one.issue();
    const b = await one.issue();
    expect((await status(one, a.token)).res.json().state).toBe("01"); // now cached in Redis
    expect((await status(two, a.token)).res.json().state).toBe("01");
    const before = await readyz(one);
    expect(before.body.checks.redis).toEqual({ state: "ok" });
    expect(before.body.status).toBe("ready");

    redis.proc.kill("SIGSTOP");
    for (let i = 0; i < 6; i++) {
      const { res, ms } = await status(one, i % 2 ? a.token : b.token);
      expect(res.statusCode).toBe(200);
      expect(res.json().state).toBe("01");
      expect(ms).toBeLessThan(NO_HANG_MS);
    }
    // A change while Redis cannot take its invalidation: once one's window has passed, a lookup is the trial (it pays
    // one timeout and opens a new 2 s window), so the revocation just after it sends nothing to Redis. Answered from
    // the store here at once ...
    await new Promise((r) => setTimeout(r, 2_100));
    await status(one, b.token);
    expect((await revoke(a.identifier)).statusCode).toBe(200);
    const revoked = await status(one, a.token);
    expect(revoked.res.json()).toMatchObject({ state: "07", reason: "revoked-by-law" });
    expect((await status(two, a.token)).res.json().state).toBe("07");
    expectDegraded(await readyz(one));

    redis.proc.kill("SIGCONT");
    const after = await readyzBecomes(one, "ready");
    expect(after.body.checks.redis).toEqual({ state: "ok" });
    expect((await readyzBecomes(two, "ready")).body.status).toBe("ready");
    // ... and the other process, reading the shared cache again, does not get the status cached before the change.
    expect((await status(two, a.token)).res.json()).toMatchObject({ state: "07", reason: "revoked-by-law" });
    expect((await status(two, b.token)).res.json().state).toBe("01");
  }, 60_000);

  it("down (killed): lookups answer from the store, limits counted in process, /readyz degraded; restarted: ready", async () => {
    const c = await one.issue();
    const d = await one.issue();
    expect((await revoke(d.identifier)).statusCode).toBe(200);

    redis.proc.kill("SIGKILL");
    await new Promise((r) => redis.proc.once("exit", r));
    for (const [token, state] of [
      [c.token, "01"],
      [d.token, "07"],
      [c.token, "01"],
    ] as const) {
      const { res, ms } = await status(one, token);
      expect(res.statusCode).toBe(200);
      expect(res.json().state).toBe(state);
      expect(ms).toBeLessThan(NO_HANG_MS);
    }
    expectDegraded(await readyz(one));
    // The limit still holds without Redis: this process counts the client itself.
    for (let i = 0; i < RATE_MAX; i++)
      expect((await status(two, c.token, "10.9.8.7")).res.statusCode).toBe(200);
    const limited = (await status(two, c.token, "10.9.8.7")).res;
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("REG_RATE_LIMITED");

    redis = await startRedis(redis.port);
    const after = await readyzBecomes(one, "ready");
    expect(after.statusCode).toBe(200);
    expect(after.body.checks.redis).toEqual({ state: "ok" });
    expect((await status(one, c.token)).res.json().state).toBe("01");
    expect((await status(two, d.token)).res.json().state).toBe("07");
  }, 60_000);
});
