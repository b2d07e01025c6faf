// What the live status of a licence version is made of, and the public view of it. The facts are what the cache
// keeps; the view is computed per request, because expiry depends on the day asked (no invalidation happens then).
import { LicenceState, STATE_NAMES, type LicenceStateCode } from "../domain/states.js";
import { chinaDate } from "@elicence/core/china-date.js";
import { effectiveState, SUPERSEDED_TEXT } from "../licences/lifecycle.js";
import type { LicenceStatusRow } from "../store/store.js";
import { publicReasonCode } from "../licences/transition-reasons.js";

/** Cacheable facts of one licence version: no personal data (no holder, no free state text). */
export interface StatusFacts {
  state: LicenceStateCode;
  superseded: boolean;
  version: number;
  nextIdentifier: string | null;
  /** The successor's public status token, so a verifier can follow the link (status carries no personal data). */
  nextToken: string | null;
  /** When this version was replaced. */
  supersededAt: string | null;
  validUntil: string | null;
  /** When the current state was entered (suspended, cancelled, deregistered, revoked), and why. */
  since: string | null;
  reason: string | null;
}

/** The body of GET /api/v1/status/{token}: state, version, successor, validity and the time of the answer. */
export interface StatusView {
  state: LicenceStateCode;
  stateName: { zh: string; en: string };
  /** Three digits. */
  version: string;
  supersededBy: string | null;
  supersededByToken: string | null;
  supersededAt?: string;
  validUntil: string | null;
  /** Revoked (07), and likewise cancelled (03) and deregistered (04): when it ended. */
  revokedAt?: string;
  suspendedAt?: string;
  /** Suspended, cancelled, deregistered, revoked: the reason code recorded with the transition (reason-codes.ts). */
  reason?: string;
  checkedAt: string;
}

const ENDED: readonly LicenceStateCode[] = [
  LicenceState.CANCELLED,
  LicenceState.DEREGISTERED,
  LicenceState.REVOKED,
];
const WITH_REASON: readonly LicenceStateCode[] = [LicenceState.SUSPENDED, ...ENDED];
const SUPERSEDED_NAME = { zh: "已换发新版本", en: "superseded" } as const;

/** The facts of the store's status row (the transition that entered the state comes with the dated states only). */
export function statusFacts(row: LicenceStatusRow): StatusFacts {
  const withReason = WITH_REASON.includes(row.state) && row.entered !== null;
  const superseded = row.state === LicenceState.OTHER && row.stateText === SUPERSEDED_TEXT;
  return {
    state: row.state,
    superseded,
    version: row.version,
    nextIdentifier: row.nextIdentifier,
    nextToken: row.nextIdentifier !== null ? row.nextToken : null,
    supersededAt: superseded ? (row.entered?.at ?? null) : null,
    validUntil: row.validUntil,
    since: withReason ? (row.entered?.at ?? null) : null,
    // The code only: the internal note (and any legacy free text) never reaches the cache or the public answer.
    reason: withReason ? publicReasonCode(row.entered?.reason ?? null) : null,
  };
}

export function statusView(facts: StatusFacts, now: Date): StatusView {
  const state = effectiveState(facts, chinaDate(now));
  const view: StatusView = {
    state,
    stateName: facts.superseded ? { ...SUPERSEDED_NAME } : { ...STATE_NAMES[state] },
    version: String(facts.version).padStart(3, "0"),
    supersededBy: facts.nextIdentifier,
    supersededByToken: facts.nextToken ?? null,
    validUntil: facts.validUntil,
    checkedAt: now.toISOString(),
  };
  if (facts.supersededAt) view.supersededAt = facts.supersededAt;
  // A suspension that has since lapsed into expiry is reported as expired, without the suspension's details.
  if (state === facts.state && facts.since !== null) {
    if (ENDED.includes(state)) view.revokedAt = facts.since;
    if (state === LicenceState.SUSPENDED) view.suspendedAt = facts.since;
    if (facts.reason !== null) view.reason = facts.reason;
  }
  return view;
}
