// Use case: change a licence's state in place — suspend, reinstate, revoke, cancel, deregister. The change is
// written with an unswept lapse recorded first, the waiting renewal moved with it, and a withdrawn renewal's
// predecessor restored, all in one atomic batch with their audit events.
import type { AuditEventInput } from "../domain/audit-event.js";
import type { LicenceRecord, LicenceTransition } from "../domain/licence.js";
import { LicenceState, Operation, type LicenceStateCode } from "../domain/states.js";
import { runMutation, type IdempotencyInput, type MutationResult } from "./idempotency.js";
import { loadForTransition } from "./change-guard.js";
import type { Actor, LicenceContext } from "./licence-context.js";
import type { LicenceView } from "./licence-view.js";
import { checkTransition, effectiveState, type LifecycleAction } from "./lifecycle.js";
import { endsPendingRenewal, RENEWAL_WITHDRAWN_ACTION, restoredPredecessor } from "./renewal-succession.js";
import { codedReason } from "./transition-reasons.js";

export type StateAction = Exclude<LifecycleAction, "amend" | "renew" | "expire">;

export interface TransitionInput {
  reason: string;
  /** Suspend … deregister: internal words beside the reason code, never public (see transition-reasons.ts). */
  note?: string;
}

/** suspend, reinstate, revoke, cancel, deregister: the record changes state in place. */
export async function changeState(
  ctx: LicenceContext,
  actor: Actor,
  rawIdentifier: string,
  action: StateAction,
  input: TransitionInput,
  idem: IdempotencyInput | null,
): Promise<MutationResult<LicenceView>> {
  // A code from the fixed list (public) and an optional internal note: a free-text reason was shown to anyone.
  const reason = codedReason(input);
  return runMutation(
    ctx.store,
    actor.id,
    idem,
    async () => {
      const { rec, today, current, rule } = await loadForTransition(ctx, actor, rawIdentifier, action);
      const identifier = rec.identifier;
      const at = ctx.clock().toISOString();
      const batch = {
        updateLicences: [] as { record: LicenceRecord; expectedRevision: number }[],
        transitions: [] as LicenceTransition[],
        audit: [] as AuditEventInput[],
      };
      // An unswept lapse is recorded first so the history shows when the licence expired.
      let from = rec.state;
      if (current !== rec.state) {
        batch.transitions.push({
          identifier,
          operation: Operation.EXPIRE,
          fromState: rec.state,
          toState: current,
          actor: "system",
          at,
          reason: `validity ended ${rec.validUntil ?? ""}`,
        });
        from = current;
      }
      let to = rule.to;
      // Reinstating a suspended licence whose validity has ended leaves it expired, not valid.
      if (action === "reinstate" && rec.validUntil !== null && rec.validUntil < today)
        to = LicenceState.EXPIRED;
      const updated: LicenceRecord = {
        ...rec,
        state: to,
        lastOperation: rule.operation,
        updatedAt: at,
        revision: rec.revision + 1,
      };
      batch.updateLicences.push({ record: updated, expectedRevision: rec.revision });
      batch.transitions.push({
        identifier,
        operation: rule.operation,
        fromState: from,
        toState: to,
        actor: actor.id,
        at,
        reason,
      });
      batch.audit.push(ctx.audit(actor, rule.auditAction, identifier, rec.holder.code, reason, { from, to }));
      // A renewal waiting for its validFrom shares the fate of the version in force: otherwise a licence revoked or
      // suspended today would come back, valid, as its renewal on that day (its PDF and QR code are already out).
      const carried = await waitingRenewalFor(ctx, rec, action, today, at);
      if (carried) {
        batch.updateLicences.push({ record: carried.record, expectedRevision: carried.expectedRevision });
        batch.transitions.push({ ...carried.transition, actor: actor.id, reason });
        batch.audit.push(
          ctx.audit(actor, rule.auditAction, carried.record.identifier, rec.holder.code, reason, {
            from: carried.transition.fromState,
            to: carried.transition.toState,
            carriedFrom: identifier,
          }),
        );
      }
      // Ending a renewal that has not taken effect gives the version it was to replace back its own term.
      const restored = await withdrawnRenewal(ctx, rec, to, today, at);
      if (restored) {
        batch.updateLicences.push({ record: restored.record, expectedRevision: restored.expectedRevision });
        batch.audit.push(
          ctx.audit(actor, RENEWAL_WITHDRAWN_ACTION, restored.record.identifier, rec.holder.code, reason, {
            withdrawn: identifier,
            supersededOn: rec.takesEffectOn ?? null,
          }),
        );
      }
      return {
        batch,
        status: 200,
        body: ctx.view(updated, actor),
        after: () => {
          ctx.events.onStateChanged?.(updated);
          if (carried) ctx.events.onStateChanged?.(carried.record);
          if (restored) ctx.events.onStateChanged?.(restored.record);
        },
      };
    },
    ctx.clock,
  );
}

/**
 * The renewal of `rec` still waiting for its validFrom, moved by the same action (suspend, reinstate, revoke,
 * cancel, deregister) when its own state allows it; null when there is none. The links stay: a suspended pair
 * switches on the day as before (the renewal suspended), an ended pair never switches (ended states are not
 * succeeded, and the renewal is ended too).
 */
async function waitingRenewalFor(
  ctx: LicenceContext,
  rec: LicenceRecord,
  action: StateAction,
  today: string,
  at: string,
): Promise<{ record: LicenceRecord; expectedRevision: number; transition: LicenceTransition } | null> {
  if (rec.nextIdentifier === null || rec.supersededOn === undefined || rec.supersededOn <= today) return null;
  const next = await ctx.store.getLicence(rec.nextIdentifier);
  if (!next || next.previousIdentifier !== rec.identifier || next.takesEffectOn === undefined) return null;
  if (next.takesEffectOn <= today) return null;
  const from = effectiveState(next, today);
  const check = checkTransition(action, from);
  if (!check.ok) return null;
  return {
    record: {
      ...next,
      state: check.rule.to,
      lastOperation: check.rule.operation,
      updatedAt: at,
      revision: next.revision + 1,
    },
    expectedRevision: next.revision,
    transition: {
      identifier: next.identifier,
      operation: check.rule.operation,
      fromState: from,
      toState: check.rule.to,
      actor: "",
      at,
      reason: "",
    },
  };
}

/** The predecessor to restore when `rec`, a renewal still waiting for its validFrom, ends (03, 04, 07). */
async function withdrawnRenewal(
  ctx: LicenceContext,
  rec: LicenceRecord,
  to: LicenceStateCode,
  today: string,
  at: string,
): Promise<{ record: LicenceRecord; expectedRevision: number } | null> {
  if (!endsPendingRenewal(rec, to, today) || rec.previousIdentifier === null) return null;
  const pred = await ctx.store.getLicence(rec.previousIdentifier);
  if (!pred || pred.nextIdentifier !== rec.identifier || pred.supersededOn === undefined) return null;
  return { record: restoredPredecessor(pred, at), expectedRevision: pred.revision };
}
