// The registry's defence against a clock jump (issue 11), while it runs: the expiry sweep asks admit() first, /readyz
// asks probe(), and an administrator's confirmation (POST /api/v1/admin/clock/confirm, `elicence serve
// --confirm-clock`) lifts a hold, audited. Two rules decide (each in its own module): the clock against the newest
// time the registry recorded (clock-check.ts), and how many licences one sweep may expire (sweep-bound.ts).
import type { IssuedCertificate } from "@elicence/signer";
import { DETAIL_CODES } from "../errors.js";
import type { Limits } from "../limits.js";
import { LicenceState } from "../domain/states.js";
import type { Store } from "../store/store.js";
import { writeAudit } from "../sessions/audit-write.js";
import { judgeClock, newestReference, type ClockReference, type ClockVerdict } from "./clock-check.js";
import { latestEventReference, pkiReference } from "./recorded-times.js";
import type { ProbeResult } from "./readiness.js";
import { massExpiryProblem } from "./sweep-bound.js";

export const CLOCK_CONFIRM_ACTION = "clock.confirm";

/**
 * What the operator does about an implausible clock (the log line, /readyz, the start error). A certificate dated
 * after the clock is issued again only at a start; an audit event is outdated by any confirmation.
 */
export function clockFix(reference: ClockReference, running: boolean): string {
  const confirm =
    reference.kind === "certificate" || !running
      ? "restart with `elicence serve --confirm-clock` (certificates dated after the clock are issued again)"
      : "POST /api/v1/admin/clock/confirm (admin key), or restart with `elicence serve --confirm-clock`";
  return `Set the system clock right (NTP). If it is right, confirm it: ${confirm}`;
}

export interface ClockGuardDeps {
  store: Store;
  clock: () => Date;
  limits: Pick<
    Limits,
    "clockToleranceMinutes" | "clockMaxAheadDays" | "sweepExpiryMax" | "sweepExpiryMaxPercent"
  >;
  /** The PKI whose certificates in use are a reference too (absent: registry without signing). */
  pki?: { issued(): readonly IssuedCertificate[] } | null;
  /** One line per sweep held back. */
  warn?: (fields: Record<string, unknown>, message: string) => void;
  /**
   * Judge the clock against its own earlier reading carried on by the monotonic clock too (catches a step back while
   * running). On for the real clock; off for a test clock that moves back and forth on purpose.
   */
  watchSteps?: boolean;
}

export interface ClockConfirmation {
  confirmedAt: string;
  /** What the clock check said when it was confirmed. */
  clock: { state: ClockVerdict["state"]; reference: { at: string; source: string } | null };
  /** The sweep hold that was lifted, if one was. */
  sweepHeld: string | null;
}

export class ClockGuard {
  /** The reference the clock was first found implausible against: kept until the clock is right or confirmed, so
   *  events recorded meanwhile (dated by the wrong clock) do not make it look right. */
  #suspect: ClockReference | null = null;
  /** Why the last sweep was held back (null: it was not). */
  #held: string | null = null;
  /** A confirmation lets the next sweep exceed the bounds, that one only. */
  #allowOnce = false;

  /**
   * The clock's last believed reading and the monotonic time of it. The recorded times alone miss a step back while
   * running (red team, issue 11 variants): the first event written after the step is dated by the wrong clock and
   * becomes "the latest audit event", so the clock looked right again before any /readyz could see it. The monotonic
   * clock does not step: the wall clock is expected at least at this reading plus the time elapsed since.
   */
  #believed: { wall: number; mono: number };

  constructor(private readonly deps: ClockGuardDeps) {
    this.#believed = { wall: deps.clock().getTime(), mono: performance.now() };
  }

  /** Where the clock should be at least, by the monotonic time since it was last believed. */
  #ownReading(): ClockReference {
    const at = this.#believed.wall + (performance.now() - this.#believed.mono);
    return {
      at: new Date(at),
      kind: "event",
      source:
        "the clock's own earlier reading (carried on by the monotonic clock: it went back while the registry ran)",
    };
  }

  async #recorded(): Promise<ClockReference | null> {
    const pki = this.deps.pki ? pkiReference(this.deps.pki.issued()) : null;
    const own = this.deps.watchSteps ? this.#ownReading() : null;
    return newestReference(await latestEventReference(this.deps.store), pki, own);
  }

  /** The clock against the newest recorded time (or the reference it was first found wrong against). */
  async assess(): Promise<ClockVerdict> {
    const now = this.deps.clock();
    const bounds = {
      toleranceMinutes: this.deps.limits.clockToleranceMinutes,
      maxAheadDays: this.deps.limits.clockMaxAheadDays,
    };
    if (this.#suspect) {
      const still = judgeClock(now, this.#suspect, bounds);
      if (still.state !== "ok") return still;
      this.#suspect = null;
    }
    const verdict = judgeClock(now, await this.#recorded(), bounds);
    if (verdict.state !== "ok") this.#suspect = verdict.reference;
    else this.#believe(now);
    return verdict;
  }

  /**
   * Whether the expiry sweep may run now: not while the clock is implausible, nor when it would expire more licences
   * at once than the bounds allow, unless an administrator confirmed since the last sweep. A hold logs one line and
   * shows in /readyz until a sweep runs.
   */
  async admit(today: string): Promise<boolean> {
    const verdict = await this.assess();
    if (verdict.state !== "ok") {
      this.#held = `the clock is implausible: ${verdict.message}`;
      this.deps.warn?.(
        {
          code: "REG_CLOCK_IMPLAUSIBLE",
          now: verdict.now.toISOString(),
          reference: verdict.reference.at.toISOString(),
        },
        `expiry sweep held, nothing expired: ${verdict.message}. ${clockFix(verdict.reference, true)}`,
      );
      return false;
    }
    const allow = this.#allowOnce;
    this.#allowOnce = false;
    const { sweepExpiryMax: max, sweepExpiryMaxPercent: maxPercent } = this.deps.limits;
    // Counted up to one past the bound: more is more than the bound anyway, and a clock years ahead finds them all.
    const lapsed = (await this.deps.store.findLapsed(today, max + 1)).length;
    const byState = await this.deps.store.countByState();
    const live = (byState[LicenceState.VALID] ?? 0) + (byState[LicenceState.SUSPENDED] ?? 0);
    const problem = massExpiryProblem(lapsed, live, { max, maxPercent });
    if (problem && !allow) {
      this.#held = `${problem}; nothing expired`;
      this.deps.warn?.(
        { code: "REG_SWEEP_HELD", lapsed, live },
        `expiry sweep held, nothing expired: ${problem}. If the clock (${verdict.now.toISOString()}) is right and the expiry intended, confirm: POST /api/v1/admin/clock/confirm (admin key) or start with \`elicence serve --confirm-clock\``,
      );
      return false;
    }
    this.#held = null;
    return true;
  }

  /** The "clock" check of /readyz: down while the clock is implausible, degraded while a sweep is held back. */
  async probe(): Promise<ProbeResult> {
    const verdict = await this.assess();
    if (verdict.state !== "ok")
      return {
        state: "down",
        code: "REG_CLOCK_IMPLAUSIBLE",
        message: `${verdict.message}. Nothing is expired while it is. ${clockFix(verdict.reference, true)}`,
      };
    if (this.#held)
      return {
        state: "degraded",
        code: "REG_SWEEP_HELD",
        message: `the expiry sweep is held: ${this.#held}. ${DETAIL_CODES.REG_SWEEP_HELD}`,
      };
    return { state: "ok" };
  }

  /**
   * An administrator says the clock is right and the effects due at it are intended: recorded in the audit log (the
   * event, dated by this clock, is the newest reference from now on), the next sweep may exceed the bounds.
   */
  async confirm(
    actor: { id: string; role: string; department: string | null },
    reason: string,
  ): Promise<ClockConfirmation> {
    const verdict = await this.assess();
    const now = this.deps.clock();
    const confirmation: ClockConfirmation = {
      confirmedAt: now.toISOString(),
      clock: {
        state: verdict.state,
        reference: verdict.reference
          ? { at: verdict.reference.at.toISOString(), source: verdict.reference.source }
          : null,
      },
      sweepHeld: this.#held,
    };
    await writeAudit(this.deps.store, {
      actor: actor.id,
      role: actor.role,
      department: actor.department,
      action: CLOCK_CONFIRM_ACTION,
      target: "clock",
      holderCode: null,
      purpose: reason,
      detail: { ...confirmation },
      at: now.toISOString(),
    });
    this.#suspect = null;
    this.#believe(now);
    this.#allowOnce = true;
    return confirmation;
  }

  #believe(now: Date): void {
    this.#believed = { wall: now.getTime(), mono: performance.now() };
  }
}
