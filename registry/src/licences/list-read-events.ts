// A page of GET /api/v1/licences is a read of every holder on it: one audit event per licence listed (with the
// stated purpose), so that each holder finds the read in their own access log, not only a count in the auditor's.
import type { AuditEventInput } from "../domain/audit-event.js";
import type { LicenceRecord } from "../domain/licence.js";
import type { Actor } from "./licence-service.js";

export const LIST_READ_ACTION = "licence.list";

export function listReadEvents(
  actor: Actor,
  items: readonly LicenceRecord[],
  purpose: string,
  now: Date,
): AuditEventInput[] {
  const at = now.toISOString();
  return items.map((r) => ({
    actor: actor.id,
    role: actor.role,
    department: actor.department,
    action: LIST_READ_ACTION,
    target: r.identifier,
    holderCode: r.holder.code,
    purpose,
    at,
  }));
}
