// Red team (issue 11 variants): the clock moved back by hours while the registry runs (an NTP step after a VM resume,
// an operator's mistake). Before the fix the step was invisible: the first event written after it was dated by the
// wrong clock and became "the latest audit event" the clock was judged against, so /readyz said ready. Now the guard
// also carries its own last reading forward by the monotonic clock: /readyz names the step (503
// REG_CLOCK_IMPLAUSIBLE) whatever was written since, every request still gets a success or a named error, and an
// administrator's confirmation brings readiness back.
import "reflect-metadata";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, exampleIssue, startHarness, TYPES, type Harness } from "../support/harness.js";
import { expectClientErrorOrSuccess } from "../fuzz/error-shape.js";

const HOUR = 3_600_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: true, watchClockSteps: true });
  const res = await issue("clock-back-before");
  expect(res.statusCode).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

function issue(key: string) {
  return h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": key }),
    payload: exampleIssue(h.catalogue, TYPES.food),
  });
}

async function readyz() {
  const res = await h.app.inject({ method: "GET", url: "/readyz" });
  return { status: res.statusCode, body: res.json<{ checks: Record<string, { code?: string }> }>() };
}

describe("the clock moved back three hours while running", () => {
  it("writes after the step are answered (success or a named error, never a 5xx other than 503)", async () => {
    expect((await readyz()).status).toBe(200);
    h.clock.now = new Date(h.clock.now.getTime() - 3 * HOUR);
    // Writes come before any /readyz: each dates an audit event by the wrong clock.
    for (const key of ["clock-back-after-1", "clock-back-after-2"]) {
      const res = await issue(key);
      const a = {
        status: res.statusCode,
        contentType: res.headers["content-type"] as string,
        body: res.body,
      };
      if (res.statusCode === 503) expect(res.json()).toMatchObject({ code: expect.any(String) });
      else expectClientErrorOrSuccess(a, `issue ${key}`);
    }
  });

  it("/readyz is 503 with checks.clock REG_CLOCK_IMPLAUSIBLE though the latest event is dated by the wrong clock", async () => {
    const r = await readyz();
    expect(r.status).toBe(503);
    expect(r.body.checks.clock).toMatchObject({ state: "down", code: "REG_CLOCK_IMPLAUSIBLE" });
  });

  it("an administrator's confirmation brings readiness back", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/admin/clock/confirm",
      headers: auth(h.key.admin),
      payload: { reason: "the clock was checked against the national time service" },
    });
    expect(res.statusCode).toBe(200);
    expect((await readyz()).status).toBe(200);
  });
});
