import { describe, expect, it } from "vitest";
import { addDays, chinaDate, chinaTime, dateEn, dateZh, formatChinaDate, isIsoDate } from "./china-date.js";

describe("China dates", () => {
  it("counts the calendar day in China, not UTC", () => {
    expect(chinaDate(new Date("2026-12-07T15:59:59Z"))).toBe("2026-12-07");
    expect(chinaDate(new Date("2026-12-07T16:00:00Z"))).toBe("2026-12-08");
    expect(chinaTime(new Date("2026-12-07T18:11:00Z"))).toBe("02:11");
  });

  it("prints days 1–9 with two digits, as the licences do (the month-start time bomb)", () => {
    for (let day = 1; day <= 9; day++) {
      const iso = `2026-12-0${day}`;
      expect(dateZh(iso)).toBe(`2026年12月0${day}日`);
      expect(formatChinaDate(iso, "zh")).toBe(`2026年12月0${day}日`);
      expect(formatChinaDate(iso, "en")).toBe(`${day} December 2026`);
    }
  });

  it("formats an instant in China time whatever the machine's zone", () => {
    expect(formatChinaDate("2026-12-07T18:11:30Z", "zh", true)).toBe("2026年12月08日 02:11");
    expect(formatChinaDate("2026-12-07T18:11:30Z", "en", true)).toBe("8 December 2026, 02:11");
    expect(formatChinaDate("2026-12-07T18:11:30Z", "zh")).toBe("2026年12月08日");
  });

  it("returns text that is not a date unchanged", () => {
    expect(formatChinaDate("长期", "zh")).toBe("长期");
    expect(dateZh("2026-1-5")).toBe("2026-1-5");
    expect(dateEn("not a date")).toBe("not a date");
  });

  it("knows real calendar dates and moves them by days", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2027-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
  });
});
