// A page of GET /api/v1/licences is a read of every holder on it: one audit event per licence listed (with the
// stated purpose), so that each holder finds the read in their own access log, not only a count in the auditor's;
// and one for the query itself (its filters and count), so that an empty page is on record too.
import type { AuditEventInput } from "../domain/audit-event.js";
import type { LicenceRecord } from "../domain/licence.js";
import type { Actor } from "./licence-context.js";

export const LIST_READ_ACTION = "licence.list";

export function listReadEvents(
  actor: Actor,
  items: readonly LicenceRecord[],
  query: { issuerCode?: string; typeCode?: string; state?: string },
  purpose: string,
  now: Date,
): AuditEventInput[] {
  const at = now.toISOString();
  const summary: AuditEventInput = {
    actor: actor.id,
    role: actor.role,
    department: actor.department,
    action: LIST_READ_ACTION,
    target: query.issuerCode ?? "*",
    holderCode: null,
    purpose,
    detail: { count: items.length, typeCode: query.typeCode ?? null, state: query.state ?? null },
    at,
  };
  return [
    summary,
    ...items.map((r) => ({
      actor: actor.id,
      role: actor.role,
      department: actor.department,
      action: LIST_READ_ACTION,
      target: r.identifier,
      holderCode: r.holder.code,
      purpose,
      at,
    })),
  ];
}
