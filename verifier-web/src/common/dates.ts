// Calendar dates for date fields and the dashboard's range: China's calendar (the one home is core/china-date).
import { addDays } from "@elicence/core";

export { addDays, chinaDate } from "@elicence/core";

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= 400; d = addDays(d, 1)) out.push(d);
  return out;
}
