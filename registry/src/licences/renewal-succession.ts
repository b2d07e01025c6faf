// Renewals that take effect on their validFrom. A renewal made before that day is stored at once, "pending-effective":
// the new version carries takesEffectOn, the old one keeps its state with nextIdentifier and supersededOn (the same
// date). Reads judge both from that one date (in-force.ts), so there is no instant at which neither or both versions
// are current. The sweep then records the switch (transition and audit event); it changes no answer, only the record.
import type { AuditEventInput } from "../domain/audit-event.js";
import type { LicenceRecord, LicenceTransition } from "../domain/licence.js";
import { LicenceState, Operation, type LicenceStateCode } from "../domain/states.js";
import type { WriteBatch } from "../store/store.js";
import { startOfChinaDay } from "@elicence/core";
import { SUPERSEDED_TEXT } from "./lifecycle.js";

/** Audit action of a renewal made in advance taking effect (the old version becoming superseded). */
export const SUCCESSION_ACTION = "licence.succession";
/** Audit action on the old version when the renewal waiting to replace it is cancelled, revoked or deregistered. */
export const RENEWAL_WITHDRAWN_ACTION = "licence.renewal-withdrawn";

/**
 * Whether moving `rec` to state `to` ends a renewal that has not taken effect yet. The version it was to replace then
 * keeps its own term: otherwise it would turn "superseded" on that day by a version that never came into force.
 */
export function endsPendingRenewal(rec: LicenceRecord, to: LicenceStateCode, today: string): boolean {
  const ending: readonly LicenceStateCode[] = [
    LicenceState.CANCELLED,
    LicenceState.DEREGISTERED,
    LicenceState.REVOKED,
  ];
  return rec.takesEffectOn !== undefined && rec.takesEffectOn > today && ending.includes(to);
}

/** The old version without its waiting successor: no forward link, no supersededOn; its state is untouched. */
export function restoredPredecessor(pred: LicenceRecord, at: string): LicenceRecord {
  const restored: LicenceRecord = {
    ...pred,
    nextIdentifier: null,
    updatedAt: at,
    revision: pred.revision + 1,
  };
  delete restored.supersededOn;
  return restored;
}

/** A renewal takes effect at once when its validFrom is today or earlier, and on its validFrom otherwise. */
export function renewalPending(action: "amend" | "renew", validFrom: string, today: string): boolean {
  return action === "renew" && validFrom > today;
}

/**
 * The two records of a replacement: the new version, and the old one either superseded now or (a renewal made in
 * advance) left as it is, pointing at its successor from `successor.validFrom`.
 */
export function replacementRecords(
  rec: LicenceRecord,
  successor: LicenceRecord,
  pending: boolean,
  at: string,
): { old: LicenceRecord; next: LicenceRecord } {
  const next: LicenceRecord = { ...successor };
  delete next.supersededOn;
  delete next.takesEffectOn;
  if (pending) next.takesEffectOn = successor.validFrom;
  const base = { ...rec, nextIdentifier: successor.identifier, updatedAt: at, revision: rec.revision + 1 };
  const old: LicenceRecord = pending
    ? { ...base, supersededOn: successor.validFrom }
    : { ...base, state: LicenceState.OTHER, stateText: SUPERSEDED_TEXT };
  return { old, next };
}

/**
 * The batch recording that a renewal made in advance has taken effect. The transition is dated at the instant it did
 * (the start of supersededOn in China), which is also what the status answer showed before the sweep ran.
 */
export function successionBatch(
  rec: LicenceRecord,
  now: string,
  audit: (detail: Record<string, unknown>) => AuditEventInput,
): { batch: WriteBatch; updated: LicenceRecord } {
  const on = rec.supersededOn ?? "";
  const effective = startOfChinaDay(on);
  const updated: LicenceRecord = {
    ...rec,
    state: LicenceState.OTHER,
    stateText: SUPERSEDED_TEXT,
    lastOperation: Operation.RENEW,
    updatedAt: now,
    revision: rec.revision + 1,
  };
  const transition: LicenceTransition = {
    identifier: rec.identifier,
    operation: Operation.RENEW,
    fromState: rec.state,
    toState: LicenceState.OTHER,
    actor: "system",
    at: effective,
    reason: `renewal took effect ${on} (superseded by ${rec.nextIdentifier ?? ""})`,
  };
  return {
    batch: {
      updateLicences: [{ record: updated, expectedRevision: rec.revision }],
      transitions: [transition],
      audit: [
        audit({
          from: rec.state,
          to: LicenceState.OTHER,
          supersededOn: on,
          newIdentifier: rec.nextIdentifier,
          effectiveAt: effective,
        }),
      ],
    },
    updated,
  };
}
