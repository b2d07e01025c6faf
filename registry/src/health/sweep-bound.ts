// How many licences one expiry sweep may expire without an operator's confirmation. A day's lapses are a sliver of a
// registry; a sweep that would end a large share at once is far likelier a wrong clock or a wrong import than a real
// day, and an expiry cannot be taken back. The share counts only above SHARE_FLOOR lapses: in a small registry one
// lapsed licence is already a large share.

export const SHARE_FLOOR = 20;

export interface SweepBounds {
  /** limits.ts sweepExpiryMax. */
  max: number;
  /** limits.ts sweepExpiryMaxPercent. */
  maxPercent: number;
}

/**
 * Why expiring `lapsed` of `live` licences at once needs confirmation, or null when it does not. `lapsed` may be
 * counted only up to max + 1 (more is more than the bound anyway).
 */
export function massExpiryProblem(lapsed: number, live: number, bounds: SweepBounds): string | null {
  if (lapsed > bounds.max)
    return `more than ${bounds.max} licences (ELICENCE_SWEEP_EXPIRY_MAX) would expire at once`;
  if (lapsed > SHARE_FLOOR && live > 0 && lapsed * 100 > bounds.maxPercent * live)
    return `${lapsed} of ${live} live licences (${Math.round((lapsed * 100) / live)}%, more than ELICENCE_SWEEP_EXPIRY_MAX_PERCENT ${bounds.maxPercent}%) would expire at once`;
  return null;
}
