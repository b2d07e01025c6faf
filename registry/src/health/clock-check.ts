// Whether the clock can be believed: judged against the newest time the registry has itself recorded (the latest
// audit event, the newest certificate in use). A clock before that by more than a tolerance went back; one after it
// by more than a bound jumped ahead (issue 11: started six years ahead, the sweep expired every licence and the PKI
// renewed every certificate dated 2032). Pure: the guard (clock-guard.ts) and the start (signing-runtime.ts) share it.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface ClockBounds {
  /** Behind the reference by more than this is implausible (limits.ts clockToleranceMinutes). */
  toleranceMinutes: number;
  /** Ahead of the reference by more than this is implausible (limits.ts clockMaxAheadDays). */
  maxAheadDays: number;
}

/** A time the registry recorded, and what recorded it (said in the message). */
export interface ClockReference {
  at: Date;
  /** An audit event is outdated by a confirmation; a certificate dated after the clock only by issuing it again. */
  kind: "event" | "certificate";
  /** E.g. "the latest audit event (#812, licence.issue)" or "the e-seal certificate of 11441521MB2C97310M". */
  source: string;
}

export type ClockVerdict =
  | { state: "ok"; now: Date; reference: ClockReference | null }
  | { state: "behind" | "ahead"; now: Date; reference: ClockReference; message: string };

/** The newest of the references (null ones ignored): the clock must not be before it, nor far after it. */
export function newestReference(...refs: (ClockReference | null)[]): ClockReference | null {
  return refs.reduce<ClockReference | null>((a, r) => (r && (!a || r.at > a.at) ? r : a), null);
}

function days(ms: number): string {
  const d = ms / DAY_MS;
  return d >= 2 ? `${Math.floor(d)} days` : `${Math.round(ms / MINUTE_MS)} minutes`;
}

export function judgeClock(now: Date, reference: ClockReference | null, bounds: ClockBounds): ClockVerdict {
  if (!reference) return { state: "ok", now, reference };
  const gap = now.getTime() - reference.at.getTime();
  if (gap < -bounds.toleranceMinutes * MINUTE_MS)
    return {
      state: "behind",
      now,
      reference,
      message: `the clock (${now.toISOString()}) is ${days(-gap)} before ${reference.source} at ${reference.at.toISOString()}: it went back, or ran ahead earlier`,
    };
  if (gap > bounds.maxAheadDays * DAY_MS)
    return {
      state: "ahead",
      now,
      reference,
      message: `the clock (${now.toISOString()}) is ${days(gap)} after ${reference.source} at ${reference.at.toISOString()}, more than the ${bounds.maxAheadDays} days ELICENCE_CLOCK_MAX_AHEAD_DAYS allows`,
    };
  return { state: "ok", now, reference };
}
