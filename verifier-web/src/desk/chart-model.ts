// From the exemption figures (GET /api/v1/stats/exemptions) to what the chart draws: the dates, at most a few series
// (the rest folded into "others"), each day's stack height and a y axis with round numbers.
import { datesBetween } from "../common/dates.js";

export interface DayFigures {
  date: string;
  exempt: number;
  materials: number;
  checks: number;
}

export interface StatsSeries {
  key: string;
  name: string | null;
  exempt: number;
  materials: number;
  checks: number;
  days: DayFigures[];
}

export interface ExemptionStats {
  from: string;
  to: string;
  by: string;
  exempt: number;
  materials: number;
  checks: number;
  series: StatsSeries[];
}

export const OTHERS = "__others";

export interface ChartSeries {
  key: string;
  name: string | null;
  total: number;
  /** Copies not asked for, one per date. */
  values: number[];
  /** Index into the chart's palette; the last one is kept for "others". */
  colour: number;
}

export interface ChartModel {
  dates: string[];
  series: ChartSeries[];
  dayTotals: number[];
  yMax: number;
  ticks: number[];
}

/** The smallest of 1, 2, 5 × 10^k at or above n. */
export function niceCeil(n: number): number {
  if (n <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

export function chartModel(stats: ExemptionStats, maxSeries = 5): ChartModel {
  const dates = datesBetween(stats.from, stats.to);
  const index = new Map(dates.map((d, i) => [d, i]));
  const valuesOf = (s: StatsSeries) => {
    const v = dates.map(() => 0);
    for (const day of s.days) {
      const i = index.get(day.date);
      if (i !== undefined) v[i] = day.exempt;
    }
    return v;
  };
  // Biggest first; series with nothing spared draw nothing and would only crowd the legend.
  const counted = stats.series.filter((s) => s.exempt > 0).sort((a, b) => b.exempt - a.exempt);
  const shown = counted.length > maxSeries ? counted.slice(0, maxSeries - 1) : counted;
  const series: ChartSeries[] = shown.map((s, i) => ({
    key: s.key,
    name: s.name,
    total: s.exempt,
    values: valuesOf(s),
    colour: i,
  }));
  const rest = counted.slice(shown.length);
  if (rest.length > 0) {
    const values = dates.map(() => 0);
    for (const s of rest) valuesOf(s).forEach((v, i) => (values[i]! += v));
    series.push({
      key: OTHERS,
      name: null,
      total: rest.reduce((a, s) => a + s.exempt, 0),
      values,
      colour: maxSeries - 1,
    });
  }
  const dayTotals = dates.map((_, i) => series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const highest = Math.max(0, ...dayTotals);
  const step = highest <= 4 ? 1 : niceCeil(highest / 4);
  const yMax = Math.max(step, Math.ceil(highest / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= yMax; t += step) ticks.push(t);
  return { dates, series, dayTotals, yMax, ticks };
}
