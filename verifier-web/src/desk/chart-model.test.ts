import { describe, expect, it } from "vitest";
import { chartModel, niceCeil, OTHERS, type ExemptionStats, type StatsSeries } from "./chart-model.js";

function series(key: string, perDay: Record<string, number>): StatsSeries {
  const days = Object.entries(perDay).map(([date, exempt]) => ({
    date,
    exempt,
    materials: exempt,
    checks: 1,
  }));
  const exempt = days.reduce((a, d) => a + d.exempt, 0);
  return { key, name: `name of ${key}`, exempt, materials: exempt, checks: days.length, days };
}

function stats(list: StatsSeries[], from = "2026-11-27", to = "2026-11-29"): ExemptionStats {
  const exempt = list.reduce((a, s) => a + s.exempt, 0);
  return { from, to, by: "department", exempt, materials: exempt, checks: 0, series: list };
}

describe("niceCeil", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect([0, 1, 2, 3, 6, 11, 21, 51, 99, 101].map(niceCeil)).toEqual([
      1, 1, 2, 5, 10, 20, 50, 100, 100, 200,
    ]);
  });
});

describe("chartModel", () => {
  it("lays every day of the range out, zeros included, and stacks the series per day", () => {
    const m = chartModel(
      stats([series("a", { "2026-11-27": 2, "2026-11-29": 1 }), series("b", { "2026-11-29": 4 })]),
    );
    expect(m.dates).toEqual(["2026-11-27", "2026-11-28", "2026-11-29"]);
    expect(m.series.map((s) => [s.key, s.values, s.colour])).toEqual([
      ["b", [0, 0, 4], 0],
      ["a", [2, 0, 1], 1],
    ]);
    expect(m.dayTotals).toEqual([2, 0, 5]);
    // 5 → steps of 2 up to 6.
    expect(m.ticks).toEqual([0, 2, 4, 6]);
    expect(m.yMax).toBe(6);
  });

  it("drops series that spared nothing, and folds the smallest into 'others' beyond the palette", () => {
    const many = ["a", "b", "c", "d", "e", "f"].map((k, i) => series(k, { "2026-11-29": 6 - i }));
    const m = chartModel(stats([...many, series("zero", { "2026-11-29": 0 })]), 5);
    expect(m.series.map((s) => s.key)).toEqual(["a", "b", "c", "d", OTHERS]);
    expect(m.series.at(-1)).toMatchObject({ total: 2 + 1, values: [0, 0, 3], colour: 4 });
    expect(m.dayTotals[2]).toBe(21);
    // 21 → steps of 10 up to 30: round ticks that still reach the highest stack.
    expect(m.ticks).toEqual([0, 10, 20, 30]);
    expect(m.yMax).toBe(30);
  });

  it("keeps a usable axis when nothing was spared", () => {
    const m = chartModel(stats([]));
    expect(m.series).toEqual([]);
    expect(m.yMax).toBe(1);
    expect(m.ticks).toEqual([0, 1]);
  });
});
