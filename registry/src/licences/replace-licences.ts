// Use case: replace a licence by a new version — amend (变更) and renew (延续). The new version is linked both ways
// with the old one, sealed, and written with the old one superseded (or, for a renewal made before its validFrom,
// waiting for that day) in one atomic batch.
import type { LicenceRecord, LicenceTransition } from "../domain/licence.js";
import { LicenceState } from "../domain/states.js";
import { RegistryError, type ErrorDetail } from "../errors.js";
import { buildLicenceIdentifier } from "@elicence/core";
import { addDays } from "@elicence/core";
import { illegal, loadForTransition } from "./change-guard.js";
import type { TransitionInput } from "./change-state.js";
import { runMutation, type IdempotencyInput, type MutationResult } from "./idempotency.js";
import type { Actor, LicenceContext } from "./licence-context.js";
import type { LicenceView } from "./licence-view.js";
import { newPublicToken } from "./random-ids.js";
import { checkAgainstRegister } from "./register-check.js";
import { renewalPending, replacementRecords } from "./renewal-succession.js";
import { citizenIdFactProblems } from "./rules/citizen-id-facts.js";
import { holderNameForm } from "./rules/holder-name.js";
import { licenceNumberOf } from "./rules/licence-number.js";
import { unprintableProblems } from "./rules/printable.js";
import { renewalWindowProblem } from "./rules/renewal-window.js";
import { calendarDateProblem, validityProblems } from "./rules/validity.js";

export interface AmendInput extends TransitionInput {
  holder?: { name: string };
  /** Merged over the current fields; a member set to null removes an optional field. */
  fields?: Record<string, unknown>;
  validUntil?: string | null;
}
export interface RenewInput extends TransitionInput {
  validFrom?: string;
  validUntil?: string | null;
}

/** The longest free-text reason of an amendment or renewal (the HTTP schema takes it from here). */
export const REASON_MAX_LENGTH = 500;

function requireReason(reason: string | undefined): string {
  const r = (reason ?? "").trim();
  if (r.length === 0 || r.length > REASON_MAX_LENGTH)
    throw new RegistryError("REG_VALIDATION_FAILED", undefined, [
      {
        field: "reason",
        code: "REG_REASON_REQUIRED",
        message: `every change needs a reason of 1–${REASON_MAX_LENGTH} characters; it is recorded with the change`,
      },
    ]);
  return r;
}

/** amend and renew: a new version linked both ways; the old one is superseded. */
export async function replaceLicence(
  ctx: LicenceContext,
  actor: Actor,
  rawIdentifier: string,
  action: "amend" | "renew",
  input: AmendInput & RenewInput,
  idem: IdempotencyInput | null,
): Promise<MutationResult<LicenceView>> {
  const reason = requireReason(input.reason);
  return runMutation(
    ctx.store,
    actor.id,
    idem,
    async () => {
      const { rec, today, current, rule } = await loadForTransition(ctx, actor, rawIdentifier, action);
      // A version whose renewal made in advance is waiting is still in force, but it has its successor already.
      if (rec.nextIdentifier !== null) illegal(action, rec, current, today);
      // Nor is a renewal still waiting replaced: its replacement would not wait (amend) or would wait behind it
      // (renew), and what happens to the version in force (suspended, revoked) or to the renewal (withdrawn) would
      // no longer reach it, so it could come into force valid on its own.
      if (rec.takesEffectOn !== undefined && rec.takesEffectOn > today) illegal(action, rec, current, today);
      const details: ErrorDetail[] = [];
      const next =
        action === "amend" ? planAmend(ctx, rec, input, details) : planRenew(ctx, rec, input, today, details);
      const type = ctx.catalogue.get(rec.typeCode);
      const holder = next.holder ?? rec.holder;
      const licenceNumber = type ? licenceNumberOf(type, next.fields ?? rec.fields, rec.provenance) : null;
      if (details.length === 0)
        details.push(
          ...(await checkAgainstRegister(ctx, {
            typeCode: rec.typeCode,
            holder,
            licenceNumber,
            validUntil: next.validUntil === undefined ? rec.validUntil : next.validUntil,
            lineage: rec.lineage,
            ...(holder.name !== rec.holder.name ? { previousName: rec.holder.name } : {}),
          })),
        );
      if (details.length > 0) throw new RegistryError("REG_VALIDATION_FAILED", undefined, details);
      const at = ctx.clock().toISOString();
      // Usually rec.version + 1; after a renewal withdrawn before it took effect, that number is taken by it.
      const version =
        Math.max(rec.version, ...(await ctx.store.lineage(rec.lineage)).map((v) => v.version)) + 1;
      let newRecord: LicenceRecord = {
        ...rec,
        ...next,
        identifier: buildLicenceIdentifier({
          typeCode: rec.typeCode,
          issuerCode: rec.issuer.code,
          serial: rec.serial,
          version,
        }),
        version,
        issuedOn: today,
        state: LicenceState.VALID,
        lastOperation: rule.operation,
        previousIdentifier: rec.identifier,
        nextIdentifier: null,
        documentSha256: null,
        publicToken: newPublicToken(),
        createdAt: at,
        updatedAt: at,
        revision: 1,
      };
      delete newRecord.stateText;
      // The new version is sealed on its own merits: a parked predecessor's failures are not its own.
      delete newRecord.sealing;
      if (licenceNumber !== null) newRecord.licenceNumber = licenceNumber;
      else delete newRecord.licenceNumber;
      // A renewal made before its validFrom waits for that day; the old version stays current until then.
      const pending = renewalPending(action, newRecord.validFrom, today);
      const placed = replacementRecords(rec, newRecord, pending, at);
      const old = placed.old;
      newRecord = placed.next;
      const sealUsage = await ctx.sealInto(newRecord);
      // The old version's transition is recorded now for an immediate replacement, and by the sweep for a pending one.
      const oldTransitions: LicenceTransition[] = pending
        ? []
        : [
            {
              identifier: rec.identifier,
              operation: rule.operation,
              fromState: current,
              toState: LicenceState.OTHER,
              actor: actor.id,
              at,
              reason: `${reason} (superseded by ${newRecord.identifier})`,
            },
          ];
      return {
        batch: {
          insertLicences: [newRecord],
          updateLicences: [{ record: old, expectedRevision: rec.revision }],
          transitions: [
            ...oldTransitions,
            {
              identifier: newRecord.identifier,
              operation: rule.operation,
              fromState: null,
              toState: LicenceState.VALID,
              actor: actor.id,
              at,
              reason,
            },
          ],
          audit: [
            ctx.audit(actor, rule.auditAction, rec.identifier, rec.holder.code, reason, {
              newIdentifier: newRecord.identifier,
              version,
              documentSha256: newRecord.documentSha256,
              ...(pending ? { takesEffectOn: newRecord.validFrom } : {}),
            }),
          ],
          sealUsage,
        },
        status: 201,
        body: ctx.view(newRecord, actor),
        after: () => {
          ctx.events.onStateChanged?.(old);
          ctx.events.onVersionCreated?.(newRecord);
        },
      };
    },
    ctx.clock,
  );
}

function planAmend(
  ctx: LicenceContext,
  rec: LicenceRecord,
  input: AmendInput,
  details: ErrorDetail[],
): Partial<LicenceRecord> {
  if (!input.fields && !input.holder && input.validUntil === undefined)
    details.push({
      field: "fields",
      code: "REG_AMEND_EMPTY",
      message: "an amendment changes something: give fields, holder.name or validUntil",
    });
  const merged: Record<string, unknown> = { ...rec.fields };
  for (const [k, v] of Object.entries(input.fields ?? {})) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  const check = ctx.catalogue.validateFields(rec.typeCode, merged);
  if (!check.ok) details.push(...check.problems);
  const type = ctx.catalogue.get(rec.typeCode);
  if (check.ok && type) details.push(...citizenIdFactProblems(type, rec.holder, check.value));
  details.push(...unprintableProblems(input.holder?.name.trim(), check.ok ? check.value : {}));
  const out: Partial<LicenceRecord> = { fields: check.ok ? check.value : merged };
  if (input.holder) {
    const named = holderNameForm(input.holder.name);
    if (!named.ok) details.push(named.problem);
    out.holder = { ...rec.holder, name: named.ok ? named.name : input.holder.name.trim() };
  }
  if (input.validUntil !== undefined) {
    // validFrom stays: only validUntil can be wrong here.
    details.push(...validityProblems(rec.validFrom, input.validUntil));
    out.validUntil = input.validUntil;
  }
  return out;
}

function planRenew(
  ctx: LicenceContext,
  rec: LicenceRecord,
  input: RenewInput,
  today: string,
  details: ErrorDetail[],
): Partial<LicenceRecord> {
  const type = ctx.catalogue.get(rec.typeCode);
  const outside = type ? renewalWindowProblem(type, rec.validUntil, today) : null;
  if (outside) details.push(outside);
  // By default the renewed licence runs on from the day after the old one ends (or from today if it has lapsed).
  const validFrom =
    input.validFrom ??
    (rec.validUntil !== null && rec.validUntil >= today ? addDays(rec.validUntil, 1) : today);
  if (input.validUntil !== undefined) {
    details.push(...validityProblems(validFrom, input.validUntil));
    return { validFrom, validUntil: input.validUntil };
  }
  const notADate = calendarDateProblem("validFrom", validFrom);
  if (notADate) {
    details.push(notADate);
    return {};
  }
  return { validFrom, validUntil: ctx.catalogue.computeValidUntil(rec.typeCode, validFrom) };
}
