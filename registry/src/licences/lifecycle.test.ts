import { describe, expect, it } from "vitest";
import {
  checkTransition,
  effectiveState,
  FINAL_STATES,
  LIFECYCLE,
  type LifecycleAction,
} from "./lifecycle.js";
import type { LicenceStateCode } from "../domain/states.js";

const ALL_STATES: LicenceStateCode[] = ["01", "02", "03", "04", "05", "06", "07", "99"];

describe("lifecycle", () => {
  it("allows suspend only from valid, reinstate only from suspended", () => {
    expect(checkTransition("suspend", "01").ok).toBe(true);
    expect(checkTransition("suspend", "02")).toEqual({ ok: false, current: "02", allowedFrom: ["01"] });
    expect(checkTransition("reinstate", "02").ok).toBe(true);
    expect(checkTransition("reinstate", "01").ok).toBe(false);
  });

  it("lets nothing leave a final state", () => {
    for (const s of FINAL_STATES)
      for (const a of Object.keys(LIFECYCLE) as LifecycleAction[])
        expect(checkTransition(a, s).ok, `${a} from ${s}`).toBe(false);
  });

  it("maps revoke, cancel, deregister to their own states under one operation code", () => {
    expect([LIFECYCLE.revoke.to, LIFECYCLE.cancel.to, LIFECYCLE.deregister.to]).toEqual(["07", "03", "04"]);
    expect(
      new Set([LIFECYCLE.revoke.operation, LIFECYCLE.cancel.operation, LIFECYCLE.deregister.operation]),
    ).toEqual(new Set(["05"]));
  });

  it("derives expiry from validity at today, for valid and suspended records only", () => {
    expect(effectiveState({ state: "01", validUntil: "2026-11-28" }, "2026-11-29")).toBe("05");
    expect(effectiveState({ state: "01", validUntil: "2026-11-29" }, "2026-11-29")).toBe("01");
    expect(effectiveState({ state: "02", validUntil: "2020-01-01" }, "2026-11-29")).toBe("05");
    expect(effectiveState({ state: "07", validUntil: "2020-01-01" }, "2026-11-29")).toBe("07");
    expect(effectiveState({ state: "01", validUntil: null }, "2999-01-01")).toBe("01");
  });

  it("defines a rule for every action whose from-states are real states", () => {
    for (const rule of Object.values(LIFECYCLE)) for (const s of rule.from) expect(ALL_STATES).toContain(s);
  });
});
