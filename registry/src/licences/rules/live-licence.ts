// Which licence versions the data rules compare a new or changed licence with: the live ones. A version is live while
// it is not superseded and its state today is valid or suspended (a renewal still waiting for its validFrom is live
// too, beside the version it will replace: both belong to one lineage, which the rules leave out of the comparison).
// Cancelled, revoked, deregistered, expired and replaced versions no longer hold a number or a name.
import type { LicenceRecord } from "../../domain/licence.js";
import { LicenceState } from "../../domain/states.js";
import { isSuperseded } from "../in-force.js";
import { effectiveState } from "../lifecycle.js";

export function isLive(r: LicenceRecord, today: string): boolean {
  if (isSuperseded(r, today)) return false;
  const state = effectiveState(r, today);
  return state === LicenceState.VALID || state === LicenceState.SUSPENDED;
}

/** The live versions of other licences than `lineage` (null: a licence not issued yet). */
export function liveOthers(
  records: readonly LicenceRecord[],
  lineage: string | null,
  today: string,
): LicenceRecord[] {
  return records.filter((r) => r.lineage !== lineage && isLive(r, today));
}
