// Copies not asked for, over time: per day (China time) and per department or per service item, computed from the
// audit log's materials.check events, whose detail names the exempt licences and the service item. Reads only the
// events inside the range (the store's (action, at) index), a page at a time. An applicant checked more than once
// for the same service item (or the same list of types) on the same China day is one applicant served: counted once,
// with the figures of the day's last check.
import type { ErrorDetail } from "../errors.js";
import { addDays, chinaDate, isIsoDate, startOfChinaDay } from "@elicence/core";
import type { AuditEvent } from "../domain/audit-event.js";
import type { Store } from "../store/store.js";
import { NO_SERVICE_ITEM } from "../service-items/load-service-items.js";
import type { ServiceItems } from "../service-items/service-items.js";
import type { DepartmentNames } from "./department-names.js";

export type ExemptionGrouping = "department" | "serviceItem";
export const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;
const PAGE = 500;

export interface DayFigures {
  date: string;
  /** Copies not asked for (exempt materials). */
  exempt: number;
  /** Materials checked (exempt or not). */
  materials: number;
  /** Materials checks made. */
  checks: number;
}

export interface ExemptionSeries {
  /** Department USCC or service item code; "none" for checks by a department-less key or without a service item. */
  key: string;
  name: string | null;
  exempt: number;
  materials: number;
  checks: number;
  /** Every day of the range, in order, zeros included (ready for a chart). */
  days: DayFigures[];
}

export interface ExemptionStats {
  from: string;
  to: string;
  by: ExemptionGrouping;
  timeZone: "Asia/Shanghai";
  exempt: number;
  materials: number;
  checks: number;
  /** Most exempt copies first. */
  series: ExemptionSeries[];
}

/** The date range asked for, defaulted to the last 30 days up to today; every problem at once. */
export function exemptionRange(
  raw: { from?: string; to?: string },
  now: Date,
): { ok: true; from: string; to: string } | { ok: false; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  const check = (field: "from" | "to", v: string | undefined) => {
    if (v === undefined || isIsoDate(v)) return;
    details.push({
      field,
      code: "REG_DATE_INVALID",
      message: `${field} "${v}" is not a date written YYYY-MM-DD`,
    });
  };
  check("from", raw.from);
  check("to", raw.to);
  if (details.length > 0) return { ok: false, details };
  const to = raw.to ?? chinaDate(now);
  const from = raw.from ?? addDays(to, 1 - DEFAULT_RANGE_DAYS);
  if (from > to)
    details.push({
      field: "from",
      code: "REG_DATE_RANGE_INVALID",
      message: `from ${from} is after to ${to}`,
    });
  else if (addDays(from, MAX_RANGE_DAYS - 1) < to)
    details.push({
      field: "to",
      code: "REG_DATE_RANGE_INVALID",
      message: `the range ${from}…${to} is longer than ${MAX_RANGE_DAYS} days; ask for one year at a time`,
    });
  return details.length > 0 ? { ok: false, details } : { ok: true, from, to };
}

function countOf(v: unknown): number {
  return Array.isArray(v) ? v.length : 0;
}

function keyOf(e: AuditEvent, by: ExemptionGrouping): string {
  if (by === "department") return e.department ?? NO_SERVICE_ITEM;
  const item = e.detail?.serviceItem;
  return typeof item === "string" && item.length > 0 ? item : NO_SERVICE_ITEM;
}

/** What makes two checks one visit: the day, the applicant, and the service item (or the list of types asked for). */
function visitKey(e: AuditEvent, day: number): string {
  const item = e.detail?.serviceItem;
  const required = Array.isArray(e.detail?.required)
    ? [...(e.detail.required as unknown[])].map(String).sort()
    : [];
  const asked = typeof item === "string" && item.length > 0 ? `item:${item}` : `types:${required.join(",")}`;
  return JSON.stringify([day, e.holderCode ?? e.target, e.department ?? "", asked]);
}

export async function exemptionStats(
  store: Store,
  names: { departments: DepartmentNames; serviceItems: ServiceItems },
  query: { from: string; to: string; by: ExemptionGrouping },
): Promise<ExemptionStats> {
  const dates: string[] = [];
  for (let d = query.from; d <= query.to; d = addDays(d, 1)) dates.push(d);
  const dayIndex = new Map(dates.map((d, i) => [d, i]));
  const series = new Map<string, { exempt: number[]; materials: number[]; checks: number[] }>();
  // The audit log writes instants as ISO UTC with milliseconds, as startOfChinaDay does.
  const fromIso = startOfChinaDay(query.from);
  const toIso = startOfChinaDay(addDays(query.to, 1));

  // One entry per (day, applicant, service item): a later check of the same day replaces the earlier one.
  const visits = new Map<string, { key: string; day: number; exempt: number; materials: number }>();
  let after: string | undefined;
  do {
    const page = await store.auditByAction("materials.check", fromIso, toIso, PAGE, after);
    for (const e of page.items) {
      const day = dayIndex.get(chinaDate(new Date(e.at)));
      if (day === undefined) continue;
      visits.set(visitKey(e, day), {
        key: keyOf(e, query.by),
        day,
        exempt: countOf(e.detail?.exempt),
        materials: countOf(e.detail?.required),
      });
    }
    after = page.next;
  } while (after !== undefined);
  for (const v of visits.values()) {
    let s = series.get(v.key);
    if (!s) {
      s = { exempt: dates.map(() => 0), materials: dates.map(() => 0), checks: dates.map(() => 0) };
      series.set(v.key, s);
    }
    s.exempt[v.day]! += v.exempt;
    s.materials[v.day]! += v.materials;
    s.checks[v.day]! += 1;
  }

  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const nameOf = (key: string) =>
    key === NO_SERVICE_ITEM
      ? null
      : query.by === "department"
        ? names.departments.name(key)
        : (names.serviceItems.get(key)?.name.zh ?? null);
  const out: ExemptionSeries[] = [...series].map(([key, s]) => ({
    key,
    name: nameOf(key),
    exempt: sum(s.exempt),
    materials: sum(s.materials),
    checks: sum(s.checks),
    days: dates.map((date, i) => ({
      date,
      exempt: s.exempt[i] ?? 0,
      materials: s.materials[i] ?? 0,
      checks: s.checks[i] ?? 0,
    })),
  }));
  out.sort((a, b) => b.exempt - a.exempt || a.key.localeCompare(b.key));
  return {
    from: query.from,
    to: query.to,
    by: query.by,
    timeZone: "Asia/Shanghai",
    exempt: sum(out.map((s) => s.exempt)),
    materials: sum(out.map((s) => s.materials)),
    checks: sum(out.map((s) => s.checks)),
    series: out,
  };
}
