import { describe, expect, it } from "vitest";
import { Readiness, readinessDetails } from "./readiness.js";

describe("readiness", () => {
  it("is ready when every probe is ok, degraded when one is degraded, not ready when one is down", async () => {
    const r = new Readiness(50);
    r.add("a", () => ({ state: "ok" }));
    expect((await r.check()).status).toBe("ready");
    r.add("b", () => ({ state: "degraded", code: "X", message: "slow" }));
    expect((await r.check()).status).toBe("degraded");
    r.add("c", async () => ({ state: "down", code: "Y", message: "gone" }));
    const report = await r.check();
    expect(report.status).toBe("not-ready");
    expect(readinessDetails(report)).toEqual([
      { field: "checks.b", code: "X", message: "slow" },
      { field: "checks.c", code: "Y", message: "gone" },
    ]);
  });

  it("counts a probe that hangs or throws as down, with its own code", async () => {
    const r = new Readiness(30);
    r.add("hangs", () => new Promise(() => undefined));
    r.add("throws", () => {
      throw new Error("boom");
    });
    const { status, checks } = await r.check();
    expect(status).toBe("not-ready");
    expect(checks.hangs).toMatchObject({ state: "down", code: "REG_PROBE_TIMEOUT" });
    expect(checks.throws).toMatchObject({ state: "down", code: "REG_PROBE_FAILED" });
    expect(checks.throws?.message).toContain("boom");
  });
});
