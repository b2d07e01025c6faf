// Calendar dates as ISO strings (YYYY-MM-DD) in China Standard Time, where licences are dated.

const CST_OFFSET_MS = 8 * 3600 * 1000;

/** The calendar date in China (UTC+8) at `now`. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The instant a China calendar day begins (00:00 UTC+8), as an ISO timestamp: when a date-bound change takes effect. */
export function startOfChinaDay(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}
