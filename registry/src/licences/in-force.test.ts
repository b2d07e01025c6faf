// Exactly one version of a lineage is current on any day: before a renewal's day the old one, from it the new one,
// also when both were revoked or suspended together while the renewal waited (neither is then "superseded" by state,
// so the old version's own supersededOn must still hand over).
import { describe, expect, it } from "vitest";
import { isCurrentVersion } from "./in-force.js";

const D = "2027-01-01";
const pair = (state: "01" | "02" | "07" | "03" | "04") => ({
  old: { state, validFrom: "2026-01-01", validUntil: "2030-12-31", supersededOn: D },
  next: { state, validFrom: D, validUntil: "2031-12-31", takesEffectOn: D },
});

describe("isCurrentVersion", () => {
  for (const state of ["01", "02", "07", "03", "04"] as const)
    it(`hands over on the renewal's day for a pair in state ${state}`, () => {
      const { old, next } = pair(state);
      for (const [today, current] of [
        ["2026-12-31", "old"],
        [D, "next"],
        ["2029-06-01", "next"],
      ] as const) {
        expect(isCurrentVersion(old, today), `${state} ${today}`).toBe(current === "old");
        expect(isCurrentVersion(next, today), `${state} ${today}`).toBe(current === "next");
      }
    });
});
