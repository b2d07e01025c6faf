// Validity date arithmetic: N years minus one day, leap days, and what counts as a real date.
import { describe, expect, it } from "vitest";
import { lastDayOfYears, parseIsoDate } from "./valid-until.js";

const lastDay = (from: string, years: number) => {
  const parsed = parseIsoDate(from);
  if (parsed === null) throw new Error(`bad test date ${from}`);
  return lastDayOfYears(parsed, years);
};

describe("parseIsoDate", () => {
  it("accepts real dates, including 29 February of a leap year", () => {
    expect(parseIsoDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate("2000-02-29")).toEqual({ year: 2000, month: 2, day: 29 });
  });
  it.each([
    "2023-02-29",
    "1900-02-29",
    "2024-13-01",
    "2024-04-31",
    "2024-00-10",
    "20240101",
    "2024-2-1",
    "2024-02-01T00:00:00Z",
    "",
  ])("rejects %j", (s) => expect(parseIsoDate(s)).toBeNull());
});

describe("lastDayOfYears", () => {
  it.each([
    ["2024-03-12", 5, "2029-03-11"],
    ["2020-01-01", 5, "2024-12-31"],
    ["2024-01-01", 1, "2024-12-31"],
    // 29 February: the anniversary in a common year is 1 March, so the holder keeps all of February.
    ["2024-02-29", 5, "2029-02-28"],
    ["2024-02-29", 4, "2028-02-28"],
    ["2024-02-29", 1, "2025-02-28"],
    // A start of 1 March ends on 29 February when the end year is a leap year.
    ["2023-03-01", 1, "2024-02-29"],
    ["2024-03-01", 4, "2028-02-29"],
    ["2024-03-01", 5, "2029-02-28"],
    ["0099-06-15", 1, "0100-06-14"],
  ] as const)("%s + %i years → %s", (from, years, expected) => {
    expect(lastDay(from, years)).toBe(expected);
  });
});
