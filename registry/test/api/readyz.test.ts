// /readyz answers the worst of its probes: 200 ready, 200 degraded (with the reason), 503 not ready in the project's
// error body naming each check that is down.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("GET /readyz", () => {
  it("is ready with the store answering, and names every check", async () => {
    h = await startHarness();
    const res = await h.app.inject({ method: "GET", url: "/readyz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: "ready",
      store: "sqlite",
      checks: { store: { state: "ok" } },
    });
  });

  it("says degraded but stays ready when a part is degraded", async () => {
    h = await startHarness();
    h.readiness.add("cache", () => ({ state: "degraded", code: "REG_REDIS_UNAVAILABLE", message: "slow" }));
    const res = await h.app.inject({ method: "GET", url: "/readyz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "degraded", checks: { cache: { state: "degraded" } } });
  });

  it("is not ready (503, REG_NOT_READY, details per check) when the store does not answer", async () => {
    h = await startHarness();
    h.store.ping = async () => false;
    const res = await h.app.inject({ method: "GET", url: "/readyz" });
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body).toMatchObject({
      code: "REG_NOT_READY",
      status: "not-ready",
      details: [{ field: "checks.store", code: "REG_STORE_UNREACHABLE" }],
    });
  });
});
