import { describe, expect, it } from "vitest";
import { calendarDateProblem, validityProblems } from "./validity.js";

const codes = (d: { field: string; code: string }[]) => d.map((p) => `${p.field}:${p.code}`);

describe("validity dates", () => {
  it("accepts a sound period, a one-day one and a long-term one", () => {
    expect(validityProblems("2026-01-01", "2030-12-31")).toEqual([]);
    expect(validityProblems("2026-01-01", "2026-01-01")).toEqual([]);
    expect(validityProblems("2026-01-01", null)).toEqual([]);
  });

  it("calls validUntil before validFrom reversed, and only when both are dates", () => {
    expect(codes(validityProblems("2026-06-01", "2026-05-31"))).toEqual(["validUntil:REG_VALIDITY_REVERSED"]);
    expect(codes(validityProblems("2026-02-30", "2026-01-01"))).toEqual(["validFrom:REG_DATE_INVALID"]);
  });

  it("names each date that is not a calendar date", () => {
    expect(codes(validityProblems("2026/01/01", "2026-02-29"))).toEqual([
      "validFrom:REG_DATE_INVALID",
      "validUntil:REG_DATE_INVALID",
    ]);
    expect(calendarDateProblem("validUntil", 20260101)?.message).toContain("20260101 is not a calendar date");
    expect(calendarDateProblem("validUntil", "2028-02-29")).toBeNull();
  });
});
