// Dates as China counts and prints them: licences are dated in China Standard Time (UTC+8, no daylight saving),
// printed 2026年12月08日 (two-digit month and day, as on the paper licences). One home for pages, PDFs and tests.

const CST_OFFSET_MS = 8 * 3600 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** The calendar date in China at `now`, as YYYY-MM-DD. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** hh:mm in China at `now` (24-hour clock). */
export function chinaTime(now: Date): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(11, 16);
}

/** The instant a China calendar day begins (00:00 UTC+8), as an ISO timestamp: when a date-bound change takes effect. */
export function startOfChinaDay(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `date` (YYYY-MM-DD) moved by `days` (negative: back). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 2026-12-08 → 2026年12月08日; anything that is not a YYYY-MM-DD date is returned unchanged. */
export function dateZh(iso: string): string {
  const m = ISO_DATE.exec(iso);
  return m ? `${m[1]}年${m[2]}月${m[3]}日` : iso;
}

const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** 2026-12-08 → 8 December 2026; anything that is not a YYYY-MM-DD date is returned unchanged. */
export function dateEn(iso: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS_EN[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/**
 * A calendar date (YYYY-MM-DD) or an instant (ISO 8601 with time) in words, in China time whatever the reader's
 * time zone: 2026年12月08日 / 2026年12月08日 02:11, or 8 December 2026 / 8 December 2026, 02:11. Text that is
 * neither is returned unchanged.
 */
export function formatChinaDate(value: string, lang: "zh" | "en", withTime = false): string {
  if (ISO_DATE.test(value)) return lang === "zh" ? dateZh(value) : dateEn(value);
  const t = Date.parse(value);
  if (Number.isNaN(t)) return value;
  const at = new Date(t);
  const day = lang === "zh" ? dateZh(chinaDate(at)) : dateEn(chinaDate(at));
  if (!withTime) return day;
  return lang === "zh" ? `${day} ${chinaTime(at)}` : `${day}, ${chinaTime(at)}`;
}
