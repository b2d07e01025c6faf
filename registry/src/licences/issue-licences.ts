// Use case: issue licences — one over the API (issue) or many from a register import (checkIssue, then issueMany).
// An issue is checked whole first (every problem at once), then compared with the register, then written with its
// transition and audit event in one atomic batch.
import type { AuditEventInput } from "../domain/audit-event.js";
import type {
  Holder,
  IssuingDepartment,
  LicenceRecord,
  LicenceTransition,
  Provenance,
} from "../domain/licence.js";
import { LicenceState, Operation } from "../domain/states.js";
import { RegistryError, type ErrorDetail } from "../errors.js";
import { buildLicenceIdentifier, parseHolderCode } from "@elicence/core";
import { isIsoDate } from "@elicence/core";
import { runMutation, type IdempotencyInput, type MutationResult } from "./idempotency.js";
import type { LicenceView } from "./licence-view.js";
import type { Actor, LicenceContext } from "./licence-context.js";
import { newPublicToken, newSerial } from "./random-ids.js";
import { detailsOf } from "./licence-access.js";
import { checkAgainstRegister } from "./register-check.js";
import { citizenIdFactProblems } from "./rules/citizen-id-facts.js";
import { holderNameForm } from "./rules/holder-name.js";
import { licenceNumberOf } from "./rules/licence-number.js";
import { unprintableProblems } from "./rules/printable.js";
import { calendarDateProblem, validityProblems } from "./rules/validity.js";

export interface IssueInput {
  typeCode: string;
  holder: { name: string; code: string };
  validFrom?: string;
  validUntil?: string | null;
  fields: Record<string, unknown>;
  /** The date printed on a paper licence being converted (only with paper provenance); otherwise today. */
  issuedOn?: string;
  provenance?:
    | {
        kind: "paper";
        paperNumber: string;
        scanSha256?: string;
        convertedOn?: string;
        /** SHA-256 of the register file and the row the licence came from (bulk conversion). */
        sourceFileSha256?: string;
        sourceRow?: number;
      }
    | { kind: "born-digital" };
}

/** A checked issue (see checkIssue): the record to write, less the serial, token and timestamps. */
export interface IssuePlan {
  typeCode: string;
  issuer: IssuingDepartment;
  holder: Holder;
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  fields: Record<string, unknown>;
  provenance: Provenance;
  /** The licence's number (rules/licence-number.ts), or null when it has none. */
  licenceNumber: string | null;
}

export type IssueCheck = { ok: true; plan: IssuePlan } | { ok: false; details: ErrorDetail[] };

const SHA256 = /^[0-9a-f]{64}$/;

export async function issue(
  ctx: LicenceContext,
  actor: Actor,
  input: IssueInput,
  idem: IdempotencyInput | null,
): Promise<MutationResult<LicenceView>> {
  const check = checkIssue(ctx, actor, input);
  if (!check.ok) throw new RegistryError("REG_VALIDATION_FAILED", undefined, check.details);
  return runMutation(
    ctx.store,
    actor.id,
    idem,
    async () => {
      const clash = await checkAgainstRegister(ctx, { ...check.plan, lineage: null });
      if (clash.length > 0) throw new RegistryError("REG_VALIDATION_FAILED", undefined, clash);
      const { record, transition, audit } = mint(ctx, actor, check.plan, ctx.clock().toISOString());
      // Sealed before the write: the record, its document hash and the seal-usage entry are stored together.
      const sealUsage = await ctx.sealInto(record);
      if (record.documentSha256) audit.detail = { ...audit.detail, documentSha256: record.documentSha256 };
      return {
        batch: { insertLicences: [record], transitions: [transition], audit: [audit], sealUsage },
        status: 201,
        body: ctx.view(record, actor),
        after: () => ctx.events.onVersionCreated?.(record),
      };
    },
    ctx.clock,
  );
}

/**
 * Validates an issue without writing anything and returns every problem at once. Throws only when the type is
 * unknown or the actor's department may not issue it: the same answer for every licence of a bulk conversion.
 */
export function checkIssue(ctx: LicenceContext, actor: Actor, input: IssueInput): IssueCheck {
  const type = ctx.catalogue.get(input.typeCode);
  if (!type)
    throw new RegistryError("REG_VALIDATION_FAILED", undefined, [
      {
        field: "typeCode",
        code: "REG_LICENCE_TYPE_UNKNOWN",
        message: `"${input.typeCode}" is not a licence type of this registry; GET /api/v1/licence-types lists them`,
      },
    ]);
  if (!actor.department || !ctx.catalogue.mayIssue(type.code, actor.department))
    throw new RegistryError(
      "REG_DEPARTMENT_NOT_AUTHORISED",
      `Department ${actor.department ?? "(none)"} may not issue ${type.name.zh} (${type.code}); the type's issuers are listed at GET /api/v1/licence-types/${type.code}.`,
    );

  const today = ctx.today();
  const details: ErrorDetail[] = [];
  const holder = checkHolder(input.holder, ctx.catalogue.holderCodeType(type.code), ctx.clock(), details);
  const fieldCheck = ctx.catalogue.validateFields(type.code, input.fields);
  if (!fieldCheck.ok) details.push(...fieldCheck.problems);
  else if (holder) details.push(...citizenIdFactProblems(type, holder, fieldCheck.value));
  details.push(
    ...unprintableProblems(
      typeof input.holder?.name === "string" ? input.holder.name : undefined,
      fieldCheck.ok ? fieldCheck.value : {},
    ),
  );
  const paper = input.provenance?.kind === "paper" ? input.provenance : null;
  // A converted paper licence keeps the date printed on it; everything else is issued today.
  let issuedOn = today;
  if (input.issuedOn !== undefined) {
    const notADate = calendarDateProblem("issuedOn", input.issuedOn);
    if (!paper)
      details.push({
        field: "issuedOn",
        code: "REG_DATE_INVALID",
        message:
          'issuedOn may only be given when converting a paper licence (provenance.kind "paper"); a new licence is issued today',
      });
    else if (notADate) details.push(notADate);
    else if (input.issuedOn > today)
      details.push({
        field: "issuedOn",
        code: "REG_DATE_INVALID",
        message: `issuedOn ${input.issuedOn} is after today (${today}); a paper licence cannot have been issued in the future`,
      });
    else issuedOn = input.issuedOn;
  }
  const validFrom = input.validFrom ?? issuedOn;
  // Not given: the type's term from validFrom; null: long-term.
  const given = input.validUntil === undefined ? undefined : input.validUntil;
  details.push(...validityProblems(validFrom, given ?? null));
  const validUntil =
    given !== undefined
      ? given
      : isIsoDate(validFrom)
        ? ctx.catalogue.computeValidUntil(type.code, validFrom)
        : null;
  let provenance: Provenance = { kind: "born-digital" };
  if (paper) {
    if (paper.scanSha256 !== undefined && !SHA256.test(paper.scanSha256))
      details.push({
        field: "provenance.scanSha256",
        code: "REG_SHA256_INVALID",
        message: "scanSha256 must be 64 lower-case hex digits (the SHA-256 of the scan file)",
      });
    if (paper.sourceFileSha256 !== undefined && !SHA256.test(paper.sourceFileSha256))
      details.push({
        field: "provenance.sourceFileSha256",
        code: "REG_SHA256_INVALID",
        message: "sourceFileSha256 must be 64 lower-case hex digits (the SHA-256 of the register file)",
      });
    if (paper.convertedOn !== undefined) {
      const converted = calendarDateProblem("provenance.convertedOn", paper.convertedOn);
      if (converted) details.push(converted);
    }
    provenance = {
      kind: "paper",
      paperNumber: paper.paperNumber,
      ...(paper.scanSha256 ? { scanSha256: paper.scanSha256 } : {}),
      operator: actor.id,
      convertedOn: paper.convertedOn ?? today,
      ...(paper.sourceFileSha256 ? { sourceFileSha256: paper.sourceFileSha256 } : {}),
      ...(paper.sourceRow !== undefined ? { sourceRow: paper.sourceRow } : {}),
    };
  }
  if (details.length > 0 || !holder || !fieldCheck.ok) return { ok: false, details };
  const issuerName = type.issuers.find((i) => i.code === actor.department)?.name ?? actor.department;
  return {
    ok: true,
    plan: {
      typeCode: type.code,
      issuer: { name: issuerName, code: actor.department },
      holder,
      issuedOn,
      validFrom,
      validUntil,
      fields: fieldCheck.value,
      provenance,
      licenceNumber: licenceNumberOf(type, fieldCheck.value, provenance),
    },
  };
}

/**
 * Writes many checked issues (from checkIssue) in one atomic store batch: each licence with its own transition and
 * audit event, exactly as issue() writes one. Either all are stored or none. Returns the stored records in order.
 * There is no idempotency key: bulk conversion finds what a crashed run stored by the paper number instead.
 */
export async function issueMany(
  ctx: LicenceContext,
  actor: Actor,
  plans: readonly IssuePlan[],
): Promise<LicenceRecord[]> {
  if (plans.length === 0) return [];
  for (const plan of plans)
    if (plan.issuer.code !== actor.department)
      throw new RegistryError(
        "REG_DEPARTMENT_NOT_AUTHORISED",
        `A licence planned for ${plan.issuer.name} cannot be issued by department ${actor.department ?? "(none)"}.`,
      );
  // A duplicate can only be a collision of fresh random serials or tokens: mint again.
  for (let attempt = 0; attempt < 4; attempt++) {
    const at = ctx.clock().toISOString();
    const minted = plans.map((plan) => mint(ctx, actor, plan, at));
    const records = minted.map((m) => m.record);
    const result = await ctx.store.apply({
      insertLicences: records,
      transitions: minted.map((m) => m.transition),
      audit: minted.map((m) => m.audit),
    });
    if (result.ok) {
      for (const record of records) ctx.events.onVersionCreated?.(record);
      return records;
    }
    if (result.conflict !== "duplicate")
      throw new RegistryError(
        "REG_INTERNAL",
        `Storing ${plans.length} new licences failed with a ${result.conflict} conflict; nothing was written.`,
      );
  }
  throw new RegistryError("REG_CONCURRENT_CHANGE");
}

/** The record, its first transition and its audit event for a checked issue; serial and token are fresh. */
function mint(
  ctx: LicenceContext,
  actor: Actor,
  plan: IssuePlan,
  at: string,
): { record: LicenceRecord; transition: LicenceTransition; audit: AuditEventInput } {
  const serial = newSerial();
  const record: LicenceRecord = {
    identifier: buildLicenceIdentifier({
      typeCode: plan.typeCode,
      issuerCode: plan.issuer.code,
      serial,
      version: 1,
    }),
    lineage: `${plan.typeCode}.${plan.issuer.code}.${serial}`,
    typeCode: plan.typeCode,
    serial,
    version: 1,
    holder: plan.holder,
    issuer: plan.issuer,
    issuedOn: plan.issuedOn,
    validFrom: plan.validFrom,
    validUntil: plan.validUntil,
    state: LicenceState.VALID,
    lastOperation: Operation.ISSUE,
    previousIdentifier: null,
    nextIdentifier: null,
    fields: plan.fields,
    provenance: plan.provenance,
    ...(plan.licenceNumber !== null ? { licenceNumber: plan.licenceNumber } : {}),
    documentSha256: null,
    publicToken: newPublicToken(),
    createdAt: at,
    updatedAt: at,
    revision: 1,
  };
  const transition: LicenceTransition = {
    identifier: record.identifier,
    operation: Operation.ISSUE,
    fromState: null,
    toState: LicenceState.VALID,
    actor: actor.id,
    at,
    reason: "issue",
  };
  const audit = ctx.audit(actor, "licence.issue", record.identifier, plan.holder.code, null, {
    typeCode: plan.typeCode,
    provenance: plan.provenance.kind,
  });
  return { record, transition, audit };
}

/** The holder of a new licence: its name (rules/holder-name.ts) and its code of the type's kind, or null. */
function checkHolder(
  input: { name: string; code: string },
  expect: "111" | "001",
  now: Date,
  details: ErrorDetail[],
): Holder | null {
  const named = holderNameForm(input.name);
  if (!named.ok) details.push(named.problem);
  const parsed = parseHolderCode(input.code, { now, expect });
  if (!parsed.ok) {
    details.push(...detailsOf(parsed.errors, "holder.code"));
    return null;
  }
  if (!named.ok) return null;
  const v = parsed.value;
  return {
    name: named.name,
    code: v.code,
    codeType: v.codeType,
    ...("original" in v && v.original ? { originalCode: v.original } : {}),
  };
}
