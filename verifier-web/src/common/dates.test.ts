import { describe, expect, it } from "vitest";
import { addDays, chinaDate, datesBetween } from "./dates.js";

describe("dates as the registry counts them", () => {
  it("takes the calendar date in China, not the device's or UTC's", () => {
    // 20:00 UTC on the 28th is already 04:00 on the 29th in China.
    expect(chinaDate(new Date("2026-11-28T20:00:00Z"))).toBe("2026-11-29");
    expect(chinaDate(new Date("2026-11-28T15:59:59Z"))).toBe("2026-11-28");
  });

  it("moves across months and leap days, and lists a range with both ends", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(datesBetween("2026-12-30", "2027-01-02")).toEqual([
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
    ]);
    expect(datesBetween("2026-01-02", "2026-01-01")).toEqual([]);
  });
});
