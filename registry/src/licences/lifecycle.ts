// The licence lifecycle as an explicit state machine over the ministry's state and operation codes.
// Renew and amend replace a version: the old one moves to state 99 with the text "superseded" and a forward link.
import {
  LicenceState,
  Operation,
  STATE_NAMES,
  type LicenceStateCode,
  type OperationCode,
} from "../domain/states.js";

export type LifecycleAction =
  "suspend" | "reinstate" | "revoke" | "cancel" | "deregister" | "amend" | "renew" | "expire";

interface Rule {
  operation: OperationCode;
  from: readonly LicenceStateCode[];
  /** State of this record after the action (for amend/renew: the old version, which is superseded). */
  to: LicenceStateCode;
  auditAction: string;
}

const { VALID, SUSPENDED, CANCELLED, DEREGISTERED, EXPIRED, REVOKED, OTHER } = LicenceState;

export const LIFECYCLE: Readonly<Record<LifecycleAction, Rule>> = {
  suspend: { operation: Operation.SUSPEND, from: [VALID], to: SUSPENDED, auditAction: "licence.suspend" },
  reinstate: {
    operation: Operation.REINSTATE,
    from: [SUSPENDED],
    to: VALID,
    auditAction: "licence.reinstate",
  },
  revoke: {
    operation: Operation.TERMINATE,
    from: [VALID, SUSPENDED],
    to: REVOKED,
    auditAction: "licence.revoke",
  },
  cancel: {
    operation: Operation.TERMINATE,
    from: [VALID, SUSPENDED],
    to: CANCELLED,
    auditAction: "licence.cancel",
  },
  deregister: {
    operation: Operation.TERMINATE,
    from: [VALID, SUSPENDED, EXPIRED],
    to: DEREGISTERED,
    auditAction: "licence.deregister",
  },
  amend: { operation: Operation.AMEND, from: [VALID], to: OTHER, auditAction: "licence.amend" },
  renew: { operation: Operation.RENEW, from: [VALID, EXPIRED], to: OTHER, auditAction: "licence.renew" },
  expire: {
    operation: Operation.EXPIRE,
    from: [VALID, SUSPENDED],
    to: EXPIRED,
    auditAction: "licence.expire",
  },
};

export const SUPERSEDED_TEXT = "superseded";

/** States from which nothing further may happen. */
export const FINAL_STATES: readonly LicenceStateCode[] = [CANCELLED, DEREGISTERED, REVOKED, OTHER];

/** States a version may leave for "superseded" when a renewal made in advance takes effect (see in-force.ts). */
export const SUCCEEDED_FROM: readonly LicenceStateCode[] = [VALID, SUSPENDED, EXPIRED];

/**
 * The state a record is in at `today`: a valid or suspended licence whose validity ended is expired, sweep or not; a
 * version whose renewal has taken effect (supersededOn reached) is superseded (99), sweep or not.
 */
export function effectiveState(
  record: { state: LicenceStateCode; validUntil: string | null; supersededOn?: string | null | undefined },
  today: string,
): LicenceStateCode {
  if (
    record.supersededOn !== undefined &&
    record.supersededOn !== null &&
    record.supersededOn <= today &&
    SUCCEEDED_FROM.includes(record.state)
  )
    return OTHER;
  if (
    (record.state === VALID || record.state === SUSPENDED) &&
    record.validUntil !== null &&
    record.validUntil < today
  )
    return EXPIRED;
  return record.state;
}

export type TransitionCheck =
  | { ok: true; rule: Rule }
  | { ok: false; current: LicenceStateCode; allowedFrom: readonly LicenceStateCode[] };

export function checkTransition(action: LifecycleAction, current: LicenceStateCode): TransitionCheck {
  const rule = LIFECYCLE[action];
  return rule.from.includes(current) ? { ok: true, rule } : { ok: false, current, allowedFrom: rule.from };
}

export function describeState(code: LicenceStateCode, text?: string): string {
  const n = STATE_NAMES[code];
  return `${code} ${n.zh} (${text ?? n.en})`;
}
