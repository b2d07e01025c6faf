import { describe, expect, it } from "vitest";
import { exemptionRange } from "./exemption-stats.js";

// 2026-11-29 02:00 UTC is 10:00 on 2026-11-29 in China; 2026-11-28 20:00 UTC is already 11-29 there.
const now = new Date("2026-11-28T20:00:00Z");

describe("exemptionRange", () => {
  it("defaults to the last 30 days up to today in China", () => {
    expect(exemptionRange({}, now)).toEqual({ ok: true, from: "2026-10-31", to: "2026-11-29" });
    expect(exemptionRange({ to: "2026-03-01" }, now)).toEqual({
      ok: true,
      from: "2026-01-31",
      to: "2026-03-01",
    });
    expect(exemptionRange({ from: "2026-11-01", to: "2026-11-01" }, now)).toEqual({
      ok: true,
      from: "2026-11-01",
      to: "2026-11-01",
    });
  });

  it("reports every bad date at once, a reversed range and a range over 366 days", () => {
    const bad = exemptionRange({ from: "2026-02-30", to: "29/11/2026" }, now);
    expect(bad.ok ? [] : bad.details.map((d) => [d.field, d.code])).toEqual([
      ["from", "REG_DATE_INVALID"],
      ["to", "REG_DATE_INVALID"],
    ]);
    const reversed = exemptionRange({ from: "2026-11-02", to: "2026-11-01" }, now);
    expect(reversed.ok ? [] : reversed.details.map((d) => d.code)).toEqual(["REG_DATE_RANGE_INVALID"]);
    expect(exemptionRange({ from: "2024-01-01", to: "2024-12-31" }, now).ok).toBe(true);
    const long = exemptionRange({ from: "2024-01-01", to: "2025-01-01" }, now);
    expect(long.ok ? [] : long.details.map((d) => [d.field, d.code])).toEqual([
      ["to", "REG_DATE_RANGE_INVALID"],
    ]);
  });
});
