// What the live status of a licence version is made of, and the public view of it. The facts are what the cache
// keeps; the view is computed per request, because expiry, "not yet in force" and a renewal taking effect depend on
// the day asked (no invalidation happens then).
import { LicenceState, STATE_NAMES, type LicenceStateCode } from "../domain/states.js";
import { chinaDate, startOfChinaDay, type Bilingual } from "@elicence/core";
import { NOT_YET_IN_FORCE_NAME, standing, type StatusValue } from "../licences/in-force.js";
import { SUPERSEDED_TEXT } from "../licences/lifecycle.js";
import type { LicenceStatusRow, StatusSuccessor } from "../store/store.js";
import { publicReasonCode } from "../licences/transition-reasons.js";

/** Cacheable facts of one licence version: no personal data (no holder, no free state text). */
export interface StatusFacts {
  /** base64url SHA-256 of the version's identifier: what the answer is about, without naming it. */
  identifierSha256: string;
  state: LicenceStateCode;
  superseded: boolean;
  version: number;
  nextIdentifier: string | null;
  /** The successor's public status token, so a verifier can follow the link (status carries no personal data). */
  nextToken: string | null;
  /** When this version was replaced. */
  supersededAt: string | null;
  /** Later versions of the lineage, oldest first (a replaced version only): the answer names the one in force. */
  successors?: readonly StatusSuccessor[];
  validFrom: string;
  validUntil: string | null;
  /** A renewal made in advance takes effect on this date (the successor's validFrom); null otherwise. */
  supersededOn: string | null;
  /** When the current state was entered (suspended, cancelled, deregistered, revoked), and why. */
  since: string | null;
  reason: string | null;
}

/** The body of GET /api/v1/status/{token}: state, version, successor, validity and the time of the answer. */
export interface StatusView {
  /** Two-digit code: 99 for superseded and for not yet in force (never 01 before validFrom). */
  state: LicenceStateCode;
  /** What a verifier acts on: valid, not-yet-in-force, suspended, expired, superseded, revoked, … */
  status: StatusValue;
  stateName: Bilingual;
  /** base64url (no padding) SHA-256 of the UTF-8 licence identifier: check it against the QR payload's identifier. */
  identifierSha256: string;
  /** Three digits. */
  version: string;
  supersededBy: string | null;
  supersededByToken: string | null;
  supersededAt?: string;
  validFrom: string;
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

/**
 * The facts of the store's status row (the transition that entered the state comes with the dated states only).
 * `identifierSha256` is the row's identifier hashed with the one shared function (signer's identifierSha256).
 */
export function statusFacts(row: LicenceStatusRow, identifierSha256: string): StatusFacts {
  const withReason = WITH_REASON.includes(row.state) && row.entered !== null;
  const superseded = row.state === LicenceState.OTHER && row.stateText === SUPERSEDED_TEXT;
  return {
    identifierSha256,
    state: row.state,
    superseded,
    version: row.version,
    nextIdentifier: row.nextIdentifier,
    nextToken: row.nextIdentifier !== null ? row.nextToken : null,
    successors: row.nextIdentifier !== null ? row.successors : [],
    supersededAt: superseded ? (row.entered?.at ?? null) : null,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    supersededOn: row.supersededOn,
    since: withReason ? (row.entered?.at ?? null) : null,
    // The code only: the internal note (and any legacy free text) never reaches the cache or the public answer.
    reason: withReason ? publicReasonCode(row.entered?.reason ?? null) : null,
  };
}

/**
 * The version a replaced one leads to today: the latest successor whose validity has begun (a renewal made in
 * advance is not it yet), so a checker holding a twice-replaced document is sent to the current version, not an
 * intermediate one.
 */
function inForce(successors: readonly StatusSuccessor[], today: string): StatusSuccessor | undefined {
  let current: StatusSuccessor | undefined;
  for (const s of successors) if (s.validFrom <= today) current = s;
  return current ?? successors[0];
}

export function statusView(facts: StatusFacts, now: Date): StatusView {
  const today = chinaDate(now);
  const { state, status } = standing(
    { ...facts, stateText: facts.superseded ? SUPERSEDED_TEXT : null },
    today,
  );
  // A renewal made in advance names its successor only once it has taken effect: until then this version is the
  // current one, and a verifier that sees supersededBy says "replaced".
  const replaced = status === "superseded";
  const current = replaced ? inForce(facts.successors ?? [], today) : undefined;
  const view: StatusView = {
    state,
    status,
    stateName:
      status === "superseded"
        ? { ...SUPERSEDED_NAME }
        : status === "not-yet-in-force"
          ? { ...NOT_YET_IN_FORCE_NAME }
          : { ...STATE_NAMES[state] },
    identifierSha256: facts.identifierSha256,
    version: String(facts.version).padStart(3, "0"),
    supersededBy: replaced ? (current?.identifier ?? facts.nextIdentifier) : null,
    supersededByToken: replaced ? (current?.token ?? facts.nextToken ?? null) : null,
    validFrom: facts.validFrom,
    validUntil: facts.validUntil,
    checkedAt: now.toISOString(),
  };
  if (replaced) {
    // Recorded, or due by date and not swept yet: then it took effect at the start of supersededOn (the sweep later
    // records that same instant, so the answer does not change when it runs).
    const at = facts.supersededAt ?? (facts.supersededOn ? startOfChinaDay(facts.supersededOn) : null);
    if (at) view.supersededAt = at;
  }
  // A suspension that has since lapsed into expiry is reported as expired, without the suspension's details.
  if (state === facts.state && facts.since !== null) {
    if (ENDED.includes(state)) view.revokedAt = facts.since;
    if (state === LicenceState.SUSPENDED) view.suspendedAt = facts.since;
    if (facts.reason !== null) view.reason = facts.reason;
  }
  return view;
}
