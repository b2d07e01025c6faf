// Writes audit events that stand alone (sign-in, sign-out, share codes, a holder's own reads): if the log cannot take
// them, the action they record does not happen.
import type { AuditEventInput } from "../domain/audit-event.js";
import { RegistryError } from "../errors.js";
import type { Store } from "../store/store.js";

export async function writeAudit(store: Store, ...events: AuditEventInput[]): Promise<void> {
  const r = await store.apply({ audit: events });
  if (!r.ok)
    throw new RegistryError(
      "REG_INTERNAL",
      "The action could not be recorded in the audit log; nothing was done.",
    );
}
