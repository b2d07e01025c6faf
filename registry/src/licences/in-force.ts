// Which version of a licence is in force on a given day, for every reader: the status API, the API's licence views,
// holder lookups, the materials check and PDF validation. A renewal made before its validFrom is stored at once but
// waits ("pending-effective"): the version it replaces keeps its state and gets `supersededOn` = the successor's
// validFrom. Both versions are then judged by the same comparison, `validFrom <= today` against the one date D, so at
// every instant exactly one of them is current: the old one before D, the new one from D. The switch needs no write;
// the sweep records it afterwards (transition and audit event) and changes no answer.
import { LicenceState, type LicenceStateCode } from "../domain/states.js";
import { effectiveState, SUPERSEDED_TEXT } from "./lifecycle.js";

export interface StandingInput {
  state: LicenceStateCode;
  stateText?: string | null | undefined;
  validFrom: string;
  validUntil: string | null;
  supersededOn?: string | null | undefined;
}

/** The machine-readable status a verifier acts on; `not-yet-in-force` and `superseded` have no ministry code of their own. */
export type StatusValue =
  | "valid"
  | "not-yet-in-force"
  | "suspended"
  | "cancelled"
  | "deregistered"
  | "expired"
  | "transferred-out"
  | "revoked"
  | "superseded"
  | "other";

export interface Standing {
  /** The two-digit code to publish: 99 (other) for superseded and for not yet in force, never 01 for those. */
  state: LicenceStateCode;
  status: StatusValue;
}

const BY_CODE: Readonly<Record<LicenceStateCode, StatusValue>> = {
  "01": "valid",
  "02": "suspended",
  "03": "cancelled",
  "04": "deregistered",
  "05": "expired",
  "06": "transferred-out",
  "07": "revoked",
  "99": "other",
};

export const NOT_YET_IN_FORCE_NAME = { zh: "尚未生效", en: "not yet in force" } as const;

/** Replaced by a newer version as of `today`: recorded (99 "superseded") or due by date (supersededOn reached). */
export function isSuperseded(r: StandingInput, today: string): boolean {
  if (r.state === LicenceState.OTHER) return r.stateText === SUPERSEDED_TEXT;
  return effectiveState(r, today) === LicenceState.OTHER;
}

/** The state and status of a version at `today` (China date). */
export function standing(r: StandingInput, today: string): Standing {
  // On the status route's path: the effective state once, the superseded test (isSuperseded) read off it.
  const state = effectiveState(r, today);
  const superseded =
    r.state === LicenceState.OTHER ? r.stateText === SUPERSEDED_TEXT : state === LicenceState.OTHER;
  if (superseded) return { state: LicenceState.OTHER, status: "superseded" };
  // A valid version whose validity has not begun (a renewal made early, or a licence issued for a later date) must
  // never read as 01: a verifier that looks only at the code would call it current.
  if (state === LicenceState.VALID && r.validFrom > today)
    return { state: LicenceState.OTHER, status: "not-yet-in-force" };
  return { state, status: BY_CODE[state] };
}

/**
 * Whether this version is the lineage's current one at `today`: not superseded, and not a renewal still waiting for
 * the day it takes effect (takesEffectOn, the same date as its predecessor's supersededOn). A first version issued
 * for a later date is current, though not yet in force: there is nothing else to show.
 */
export function isCurrentVersion(
  r: StandingInput & { takesEffectOn?: string | undefined },
  today: string,
): boolean {
  if (isSuperseded(r, today)) return false;
  // Its renewal's day has come: an ended version (revoked with its waiting renewal) is not "superseded" by state, but
  // from that day the renewal is the lineage's version, or the two would both be shown.
  if (r.supersededOn !== undefined && r.supersededOn !== null && r.supersededOn <= today) return false;
  return r.takesEffectOn === undefined || r.takesEffectOn <= today;
}

/** The words every refusal uses for a superseded version ("… was superseded by <its successor>"). */
export function supersededWording(r: { nextIdentifier: string | null }): string {
  return `was superseded by ${r.nextIdentifier ?? "a newer version"}`;
}
