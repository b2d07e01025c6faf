// Use case: the daily sweep — records every renewal made in advance that has taken effect (the old version becomes
// superseded), then expiry for every valid or suspended licence whose validity has ended. It changes no answer (the
// readers judge by date, in-force.ts); it writes the transitions and audit events that say when it happened.
import type { LicenceRecord } from "../domain/licence.js";
import { LicenceState, Operation } from "../domain/states.js";
import { SYSTEM_ACTOR, type Actor, type LicenceContext } from "./licence-context.js";
import { SUCCESSION_ACTION, successionBatch } from "./renewal-succession.js";

/** Asked before every sweep: a clock jump or a mass expiry waits for confirmation (health/clock-guard.ts). */
export interface SweepGate {
  admit(today: string): Promise<boolean>;
}

/**
 * Returns how many records changed. Successions go first: on the day a renewal takes effect the old version has
 * usually just lapsed too, and it is superseded, not expired.
 */
export async function sweepExpired(
  ctx: LicenceContext,
  gate: SweepGate | null,
  batchSize = 500,
): Promise<number> {
  if (gate && !(await gate.admit(ctx.today()))) return 0;
  const system = SYSTEM_ACTOR;
  let total = await sweepSuccessions(ctx, system, batchSize);
  for (;;) {
    const today = ctx.today();
    const lapsed = await ctx.store.findLapsed(today, batchSize);
    if (lapsed.length === 0) return total;
    const at = ctx.clock().toISOString();
    let progressed = 0;
    for (const rec of lapsed) {
      const updated: LicenceRecord = {
        ...rec,
        state: LicenceState.EXPIRED,
        lastOperation: Operation.EXPIRE,
        updatedAt: at,
        revision: rec.revision + 1,
      };
      const r = await ctx.store.apply({
        updateLicences: [{ record: updated, expectedRevision: rec.revision }],
        transitions: [
          {
            identifier: rec.identifier,
            operation: Operation.EXPIRE,
            fromState: rec.state,
            toState: LicenceState.EXPIRED,
            actor: "system",
            at,
            reason: `validity ended ${rec.validUntil ?? ""}`,
          },
        ],
        audit: [
          ctx.audit(system, "licence.expire", rec.identifier, rec.holder.code, "validity ended", {
            validUntil: rec.validUntil,
          }),
        ],
      });
      if (r.ok) {
        progressed++;
        ctx.events.onStateChanged?.(updated);
      }
    }
    total += progressed;
    // Nothing moved (each record changed under us): stop rather than spin; the next sweep takes them.
    if (progressed === 0) return total;
  }
}

async function sweepSuccessions(ctx: LicenceContext, system: Actor, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const due = await ctx.store.findDueSuccessions(ctx.today(), batchSize);
    if (due.length === 0) return total;
    const at = ctx.clock().toISOString();
    let progressed = 0;
    for (const rec of due) {
      const { batch, updated } = successionBatch(rec, at, (detail) =>
        ctx.audit(system, SUCCESSION_ACTION, rec.identifier, rec.holder.code, "renewal took effect", detail),
      );
      if ((await ctx.store.apply(batch)).ok) {
        progressed++;
        ctx.events.onStateChanged?.(updated);
      }
    }
    total += progressed;
    if (progressed === 0) return total;
  }
}
