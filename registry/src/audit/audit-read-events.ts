// A page of GET /api/v1/audit/events is a read of personal data: events carry holders' full ID numbers and credit
// codes (holderCode) and what was done with their licences. So, like a list of licences (list-read-events.ts), the
// read states a purpose and is recorded: one event for the query itself (so an empty page is on record too) and one
// per holder named on the page, so that each finds the read in their own access log.
import type { AuditEvent, AuditEventInput } from "../domain/audit-event.js";
import type { Actor } from "../licences/licence-context.js";

export const AUDIT_READ_ACTION = "audit.events";

export function auditReadEvents(
  actor: Actor,
  page: readonly AuditEvent[],
  query: { after: number; limit: number },
  purpose: string,
  now: Date,
): AuditEventInput[] {
  const at = now.toISOString();
  const first = page[0]?.seq ?? null;
  const last = page[page.length - 1]?.seq ?? null;
  const base = { actor: actor.id, role: actor.role, department: actor.department, purpose, at };
  // The events read, as the holder's log names them: "audit log events 12–40".
  const target = first === null ? "audit-log" : `audit-log#${first}-${last}`;
  const holders = [...new Set(page.map((e) => e.holderCode).filter((c): c is string => c !== null))];
  return [
    {
      ...base,
      action: AUDIT_READ_ACTION,
      target,
      holderCode: null,
      detail: { after: query.after, limit: query.limit, count: page.length, holders: holders.length },
    },
    ...holders.map((holderCode) => ({ ...base, action: AUDIT_READ_ACTION, target, holderCode })),
  ];
}
