// Date arithmetic for licence validity: a licence valid N years from D is printed as valid until the day before
// the N-th anniversary of D (2024-03-12 + 5 years → 2029-03-11).

/** Parses a real calendar date written YYYY-MM-DD; null for anything else (2023-02-29, 2024-13-01, "20240101"). */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const d = utcDate(year, month, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

/**
 * The last day of validity of a licence valid `years` years from `validFrom` (a parsed, real date).
 * The anniversary of 29 February in a common year is 1 March, so 2024-02-29 + 5 years ends on 2029-02-28: the
 * holder keeps every day of the fifth February. (Java's plusYears(5).minusDays(1) would say 2029-02-27, one day
 * short.) A start of 1 March ends on 29 February when the end year is a leap year: 2023-03-01 + 1 → 2024-02-29.
 */
export function lastDayOfYears(
  validFrom: { year: number; month: number; day: number },
  years: number,
): string {
  // Date overflow does the anniversary rule: 29 February of a common year becomes 1 March.
  const anniversary = utcDate(validFrom.year + years, validFrom.month, validFrom.day);
  anniversary.setUTCDate(anniversary.getUTCDate() - 1);
  return formatIsoDate(anniversary);
}

function utcDate(year: number, month: number, day: number): Date {
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d;
}

function formatIsoDate(d: Date): string {
  const y = String(d.getUTCFullYear()).padStart(4, "0");
  const m = String(d.getUTCMonth() + 1).padStart(2, "0");
  const day = String(d.getUTCDate()).padStart(2, "0");
  return `${y}-${m}-${day}`;
}
