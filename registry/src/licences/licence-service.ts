// Licence operations: issue, the lifecycle transitions, reads with purpose, and the materials check.
// Each mutation is planned from current state and written with its audit events in one atomic batch.
import type { ApiKeyRecord, Role } from "../domain/api-key.js";
import type { AuditEvent, AuditEventInput } from "../domain/audit-event.js";
import type {
  Holder,
  IssuingDepartment,
  LicenceRecord,
  LicenceTransition,
  Provenance,
} from "../domain/licence.js";
import { LicenceState, Operation, type LicenceStateCode } from "../domain/states.js";
import { RegistryError, type ErrorDetail } from "../errors.js";
import {
  buildLicenceIdentifier,
  maskHolderCode,
  parseHolderCode,
  addDays,
  chinaDate,
  isIsoDate,
} from "@elicence/core";
import type { LicenceQuery, SealUsage, Store } from "../store/store.js";
import type { Catalogue } from "../catalogue/index.js";
import { runMutation, type IdempotencyInput, type MutationResult } from "./idempotency.js";
import {
  checkTransition,
  describeState,
  effectiveState,
  LIFECYCLE,
  type LifecycleAction,
} from "./lifecycle.js";
import { toView, type LicenceView } from "./licence-view.js";
import { materialFor, type MaterialResult } from "./material-for.js";
import { isCurrentVersion, isSuperseded, standing } from "./in-force.js";
import {
  endsPendingRenewal,
  RENEWAL_WITHDRAWN_ACTION,
  renewalPending,
  replacementRecords,
  restoredPredecessor,
  SUCCESSION_ACTION,
  successionBatch,
} from "./renewal-succession.js";
import { newPublicToken, newSerial } from "./random-ids.js";
import { seesPersonalData } from "../auth/policy.js";
import { requirePurpose } from "../http/purpose.js";
import { listReadEvents } from "./list-read-events.js";
import { AUDIT_READ_ACTION } from "../audit/audit-read-events.js";
import { codedReason, transitionFor } from "./transition-reasons.js";
import { citizenIdFactProblems } from "./rules/citizen-id-facts.js";
import { renewalWindowProblem } from "./rules/renewal-window.js";
import { holderNameProblem } from "./rules/holder-name.js";
import { licenceNumberOf, licenceNumberProblem } from "./rules/licence-number.js";
import { liveOthers } from "./rules/live-licence.js";
import { unprintableProblems } from "./rules/printable.js";
import { sealRound, type SealRound } from "./seal-pending.js";

export interface Actor {
  /** Key id, or "cli" / "system", or a holder session's "holder:<method>:<reference>". */
  id: string;
  role: Role | "system" | "holder";
  department: string | null;
  /** A signed-in holder (role "holder"): the only holder whose current licences they may read. */
  holderCode?: string;
}

export function actorFromKey(k: ApiKeyRecord): Actor {
  return { id: k.id, role: k.role, department: k.department };
}

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

/** A checked issue (see LicenceService.checkIssue): the record to write, less the serial, token and timestamps. */
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

/** What the rules that compare a licence with the register are given (rules/holder-name.ts, licence-number.ts). */
export interface RegisterCheckInput {
  typeCode: string;
  holder: Holder;
  licenceNumber: string | null;
  /** A licence already ended by date (a converted paper licence, say) is not live: the rules leave it alone. */
  validUntil: string | null;
  /** The licence being amended or renewed: its other versions are not compared; null for a new licence. */
  lineage: string | null;
  /** An amendment changing the holder's name: the name the licence carried until now. */
  previousName?: string;
}

export type IssueCheck = { ok: true; plan: IssuePlan } | { ok: false; details: ErrorDetail[] };

export interface TransitionInput {
  reason: string;
  /** Suspend … deregister: internal words beside the reason code, never public (see transition-reasons.ts). */
  note?: string;
}
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

export type { MaterialResult, MaterialStatus } from "./material-for.js";

/**
 * Seals a licence version's PDF and stores the document; returns the seal-usage entry to write in the same batch
 * as the record. Implemented in registry/src/signing/ over the signer; absent in tests that need no PDFs.
 */
export interface DocumentSealer {
  seal(record: LicenceRecord, now: Date): Promise<SealUsage>;
  /**
   * Present when seal() may return before the document is durable (its directory entry not fsync'd yet, so a round
   * pays one fsync per directory): resolves once every document seal() has returned is durable. sealPending calls
   * it before its commit, and every other sealing path calls it right after seal().
   */
  flush?(): Promise<void>;
}

/** Hooks run after a licence version is durably stored (sealing the PDF, cache invalidation, metrics). */
/** What an annotated copy is asked for: the body of POST /api/v1/licences/:identifier/annotated-copy. */
export interface AnnotatedCopyRequest {
  purpose?: unknown;
  validUntil?: unknown;
}

/** Makes the PDF once the request is accepted: the stored document with the note signed into it. */
export type AnnotatedCopyMaker = (
  record: LicenceRecord,
  note: { purpose: string; validUntil: string },
) => Promise<{
  bytes: Uint8Array;
  sha256: string;
  level: string;
  /** The annotation seal that signed the note: its serial, its certificate's SHA-256 and its department's USCC. */
  signerSerial: string;
  signerCertificateSha256: string;
  signerDepartment: string;
}>;

export interface AnnotatedCopy {
  identifier: string;
  /** The licence type's Chinese name (食品经营许可证), for the download's file name. */
  typeName: string;
  /** The day the copy was made (China time, YYYY-MM-DD). */
  madeOn: string;
  purpose: string;
  validUntil: string;
  bytes: Uint8Array;
  sha256: string;
}

/** Default period of an annotated copy, and the longest one. */
export const ANNOTATION_DEFAULT_DAYS = 30;

function addYear(date: string): string {
  const [y, m, d] = date.split("-");
  // 29 February + 1 year is 28 February.
  const next = `${Number(y) + 1}-${m}-${d}`;
  return isIsoDate(next) ? next : `${Number(y) + 1}-${m}-28`;
}

export interface LicenceEvents {
  onVersionCreated?(record: LicenceRecord): void;
  onStateChanged?(record: LicenceRecord): void;
  onLookup?(kind: "holder" | "licence"): void;
  /** `serviceItem`: the service item code the check was made for, or null for an explicit list of types. */
  onMaterialsChecked?(exempt: number, department: string | null, serviceItem: string | null): void;
}

/** Audit action of an annotated copy handed out (a download of the document, with its own purpose and period). */
export const ANNOTATED_COPY_ACTION = "licence.annotated-copy";

const READ_ACTIONS = new Set([
  "holder.lookup",
  "licence.read",
  "licence.download",
  ANNOTATED_COPY_ACTION,
  "licence.history",
  "licence.list",
  "materials.check",
  "holder.access-log",
  "holder.share-code.create",
  "holder.share-code.use",
  // A page of the audit log that named the holder (audit-read-events.ts).
  AUDIT_READ_ACTION,
]);

export class LicenceService {
  constructor(
    private readonly store: Store,
    private readonly catalogue: Catalogue,
    private readonly clock: () => Date,
    private readonly events: LicenceEvents = {},
    private readonly sealer: DocumentSealer | null = null,
    /** Asked before every sweep: a clock jump or a mass expiry waits for confirmation (health/clock-guard.ts). */
    private readonly sweepGate: { admit(today: string): Promise<boolean> } | null = null,
  ) {}

  /** Seals `record` when a sealer is configured: sets its document hash and returns the ledger entry. */
  private async sealInto(record: LicenceRecord): Promise<SealUsage[]> {
    if (!this.sealer) return [];
    const usage = await this.sealer.seal(record, this.clock());
    // The record about to commit names this document: it must be durable first, whatever sealer was given.
    await this.sealer.flush?.();
    record.documentSha256 = usage.documentSha256;
    return [usage];
  }

  /** Today's date in China (YYYY-MM-DD) by the service's clock. */
  today(): string {
    return chinaDate(this.clock());
  }

  private audit(
    actor: Actor,
    action: string,
    target: string,
    holderCode: string | null,
    purpose: string | null,
    detail?: Record<string, unknown>,
  ): AuditEventInput {
    return {
      actor: actor.id,
      role: actor.role,
      department: actor.department,
      action,
      target,
      holderCode,
      purpose,
      ...(detail ? { detail } : {}),
      at: this.clock().toISOString(),
    };
  }

  private masked(actor: Actor | null): boolean {
    if (actor === null) return true;
    // A holder reads only their own licences (mayRead), unmasked.
    return actor.role !== "system" && actor.role !== "holder" && !seesPersonalData(actor.role);
  }

  private shownCode(h: { code: string; codeType: "111" | "001" }, actor: Actor): string {
    return this.masked(actor) ? maskHolderCode(h.code, h.codeType) : h.code;
  }

  view(record: LicenceRecord, actor: Actor | null): LicenceView {
    const type = this.catalogue.get(record.typeCode);
    const masked = this.masked(actor);
    return toView(record, {
      today: this.today(),
      typeName: type?.name.zh ?? record.typeCode,
      masked,
      publicFields: type?.publicFields ?? [],
    });
  }

  // ---- issue -------------------------------------------------------------------------------------------------

  async issue(
    actor: Actor,
    input: IssueInput,
    idem: IdempotencyInput | null,
  ): Promise<MutationResult<LicenceView>> {
    const check = this.checkIssue(actor, input);
    if (!check.ok) throw new RegistryError("REG_VALIDATION_FAILED", undefined, check.details);
    return runMutation(
      this.store,
      actor.id,
      idem,
      async () => {
        const clash = await this.checkAgainstRegister({ ...check.plan, lineage: null });
        if (clash.length > 0) throw new RegistryError("REG_VALIDATION_FAILED", undefined, clash);
        const { record, transition, audit } = this.mint(actor, check.plan, this.clock().toISOString());
        // Sealed before the write: the record, its document hash and the seal-usage entry are stored together.
        const sealUsage = await this.sealInto(record);
        if (record.documentSha256) audit.detail = { ...audit.detail, documentSha256: record.documentSha256 };
        return {
          batch: { insertLicences: [record], transitions: [transition], audit: [audit], sealUsage },
          status: 201,
          body: this.view(record, actor),
          after: () => this.events.onVersionCreated?.(record),
        };
      },
      this.clock,
    );
  }

  /**
   * Validates an issue without writing anything and returns every problem at once. Throws only when the type is
   * unknown or the actor's department may not issue it: the same answer for every licence of a bulk conversion.
   */
  checkIssue(actor: Actor, input: IssueInput): IssueCheck {
    const type = this.catalogue.get(input.typeCode);
    if (!type)
      throw new RegistryError("REG_VALIDATION_FAILED", undefined, [
        {
          field: "typeCode",
          code: "REG_LICENCE_TYPE_UNKNOWN",
          message: `"${input.typeCode}" is not a licence type of this registry; GET /api/v1/licence-types lists them`,
        },
      ]);
    if (!actor.department || !this.catalogue.mayIssue(type.code, actor.department))
      throw new RegistryError(
        "REG_DEPARTMENT_NOT_AUTHORISED",
        `Department ${actor.department ?? "(none)"} may not issue ${type.name.zh} (${type.code}); the type's issuers are listed at GET /api/v1/licence-types/${type.code}.`,
      );

    const today = this.today();
    const now = this.clock();
    const details: ErrorDetail[] = [];
    const holder = this.checkHolder(input.holder, this.catalogue.holderCodeType(type.code), now, details);
    const fieldCheck = this.catalogue.validateFields(type.code, input.fields);
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
      if (!paper)
        details.push({
          field: "issuedOn",
          code: "REG_DATE_INVALID",
          message:
            'issuedOn may only be given when converting a paper licence (provenance.kind "paper"); a new licence is issued today',
        });
      else if (!isIsoDate(input.issuedOn))
        details.push({
          field: "issuedOn",
          code: "REG_DATE_INVALID",
          message: `"${input.issuedOn}" is not a calendar date; write YYYY-MM-DD`,
        });
      else if (input.issuedOn > today)
        details.push({
          field: "issuedOn",
          code: "REG_DATE_INVALID",
          message: `issuedOn ${input.issuedOn} is after today (${today}); a paper licence cannot have been issued in the future`,
        });
      else issuedOn = input.issuedOn;
    }
    const validFrom = input.validFrom ?? issuedOn;
    if (!isIsoDate(validFrom))
      details.push({
        field: "validFrom",
        code: "REG_DATE_INVALID",
        message: `"${validFrom}" is not a calendar date; write YYYY-MM-DD`,
      });
    let validUntil: string | null = null;
    if (input.validUntil !== undefined && input.validUntil !== null) {
      if (!isIsoDate(input.validUntil))
        details.push({
          field: "validUntil",
          code: "REG_DATE_INVALID",
          message: `"${input.validUntil}" is not a calendar date; write YYYY-MM-DD`,
        });
      else if (isIsoDate(validFrom) && input.validUntil < validFrom)
        details.push({
          field: "validUntil",
          code: "REG_VALIDITY_REVERSED",
          message: `validUntil ${input.validUntil} is before validFrom ${validFrom}`,
        });
      validUntil = input.validUntil;
    } else if (input.validUntil === undefined && isIsoDate(validFrom)) {
      validUntil = this.catalogue.computeValidUntil(type.code, validFrom);
    }
    let provenance: Provenance = { kind: "born-digital" };
    if (paper) {
      const p = paper;
      if (p.scanSha256 !== undefined && !/^[0-9a-f]{64}$/.test(p.scanSha256))
        details.push({
          field: "provenance.scanSha256",
          code: "REG_SHA256_INVALID",
          message: "scanSha256 must be 64 lower-case hex digits (the SHA-256 of the scan file)",
        });
      if (p.sourceFileSha256 !== undefined && !/^[0-9a-f]{64}$/.test(p.sourceFileSha256))
        details.push({
          field: "provenance.sourceFileSha256",
          code: "REG_SHA256_INVALID",
          message: "sourceFileSha256 must be 64 lower-case hex digits (the SHA-256 of the register file)",
        });
      provenance = {
        kind: "paper",
        paperNumber: p.paperNumber,
        ...(p.scanSha256 ? { scanSha256: p.scanSha256 } : {}),
        operator: actor.id,
        convertedOn: p.convertedOn ?? today,
        ...(p.sourceFileSha256 ? { sourceFileSha256: p.sourceFileSha256 } : {}),
        ...(p.sourceRow !== undefined ? { sourceRow: p.sourceRow } : {}),
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
   * The problems of a licence about to be stored with the live licences already in the register: its number taken by
   * another live licence of the type, its holder's credit code carrying another name. [] when there are none.
   */
  async checkAgainstRegister(input: RegisterCheckInput): Promise<ErrorDetail[]> {
    return (await this.checkManyAgainstRegister([input]))[0] ?? [];
  }

  /**
   * checkAgainstRegister for many licences of one type at once (a register import's batch): one store query for the
   * numbers and one per credit code. Each licence is compared with the register only, not with the others given.
   */
  async checkManyAgainstRegister(inputs: readonly RegisterCheckInput[]): Promise<ErrorDetail[][]> {
    const today = this.today();
    const byType = new Map<string, string[]>();
    for (const i of inputs)
      if (i.licenceNumber !== null)
        byType.set(i.typeCode, [...(byType.get(i.typeCode) ?? []), i.licenceNumber]);
    const sameNumber = new Map<string, LicenceRecord[]>();
    for (const [typeCode, numbers] of byType)
      sameNumber.set(typeCode, await this.store.findByLicenceNumbers(typeCode, numbers));
    const byHolder = new Map<string, LicenceRecord[]>();
    for (const i of inputs)
      if (i.holder.codeType === "001" && !byHolder.has(i.holder.code))
        byHolder.set(i.holder.code, await this.store.licencesByHolder(i.holder.code));
    return inputs.map((input) => {
      const details: ErrorDetail[] = [];
      if (input.validUntil !== null && input.validUntil < today) return details;
      const type = this.catalogue.get(input.typeCode);
      if (type && input.licenceNumber !== null) {
        const same = sameNumber.get(type.code) ?? [];
        const taken = licenceNumberProblem(type, input.licenceNumber, input.lineage, same, today);
        if (taken) details.push(taken);
      }
      const held = byHolder.get(input.holder.code);
      if (held) {
        const named = holderNameProblem(
          input.holder,
          liveOthers(held, input.lineage, today),
          input.previousName,
        );
        if (named) details.push(named);
      }
      return details;
    });
  }

  /**
   * Writes many checked issues (from checkIssue) in one atomic store batch: each licence with its own transition and
   * audit event, exactly as issue() writes one. Either all are stored or none. Returns the stored records in order.
   * There is no idempotency key: bulk conversion finds what a crashed run stored by the paper number instead.
   */
  async issueMany(actor: Actor, plans: readonly IssuePlan[]): Promise<LicenceRecord[]> {
    if (plans.length === 0) return [];
    for (const plan of plans)
      if (plan.issuer.code !== actor.department)
        throw new RegistryError(
          "REG_DEPARTMENT_NOT_AUTHORISED",
          `A licence planned for ${plan.issuer.name} cannot be issued by department ${actor.department ?? "(none)"}.`,
        );
    // A duplicate can only be a collision of fresh random serials or tokens: mint again.
    for (let attempt = 0; attempt < 4; attempt++) {
      const at = this.clock().toISOString();
      const minted = plans.map((plan) => this.mint(actor, plan, at));
      const records = minted.map((m) => m.record);
      const result = await this.store.apply({
        insertLicences: records,
        transitions: minted.map((m) => m.transition),
        audit: minted.map((m) => m.audit),
      });
      if (result.ok) {
        for (const record of records) this.events.onVersionCreated?.(record);
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
  private mint(
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
    const audit = this.audit(actor, "licence.issue", record.identifier, plan.holder.code, null, {
      typeCode: plan.typeCode,
      provenance: plan.provenance.kind,
    });
    return { record, transition, audit };
  }

  private checkHolder(
    input: { name: string; code: string },
    expect: "111" | "001",
    now: Date,
    details: ErrorDetail[],
  ): Holder | null {
    const name = input.name.trim();
    if (name.length === 0)
      details.push({
        field: "holder.name",
        code: "REG_HOLDER_NAME_REQUIRED",
        message: "holder.name is empty; give the holder's name as printed on the licence",
      });
    else if (name.length > 200)
      details.push({
        field: "holder.name",
        code: "REG_HOLDER_NAME_TOO_LONG",
        message: "holder.name is longer than 200 characters",
      });
    const parsed = parseHolderCode(input.code, { now, expect });
    if (!parsed.ok) {
      for (const p of parsed.errors)
        details.push({
          field: "holder.code",
          code: p.code,
          message: p.message,
          ...(p.suggestion ? { suggestion: p.suggestion } : {}),
        });
      return null;
    }
    if (details.length > 0) return null;
    const v = parsed.value;
    return {
      name,
      code: v.code,
      codeType: v.codeType,
      ...("original" in v && v.original ? { originalCode: v.original } : {}),
    };
  }

  // ---- transitions -------------------------------------------------------------------------------------------

  private async loadForChange(actor: Actor, identifier: string): Promise<LicenceRecord> {
    const rec = await this.store.getLicence(identifier);
    if (!rec)
      throw new RegistryError(
        "REG_LICENCE_NOT_FOUND",
        `No licence has the identifier ${identifier}; check it for typing errors.`,
      );
    if (actor.role !== "system" && rec.issuer.code !== actor.department)
      throw new RegistryError(
        "REG_FORBIDDEN",
        `Licence ${identifier} was issued by ${rec.issuer.name}; only that department may change it.`,
      );
    return rec;
  }

  /** The record to change, checked against the state machine at today's effective state. */
  private async loadForTransition(actor: Actor, identifier: string, action: LifecycleAction) {
    const rec = await this.loadForChange(actor, identifier);
    const today = this.today();
    const current = effectiveState(rec, today);
    const check = checkTransition(action, current);
    if (!check.ok) this.illegal(action, rec, current);
    return { rec, today, current, rule: check.rule };
  }

  private requireReason(reason: string | undefined): string {
    const r = (reason ?? "").trim();
    if (r.length === 0 || r.length > 500)
      throw new RegistryError("REG_VALIDATION_FAILED", undefined, [
        {
          field: "reason",
          code: "REG_REASON_REQUIRED",
          message: "every change needs a reason of 1–500 characters; it is recorded with the change",
        },
      ]);
    return r;
  }

  private illegal(action: LifecycleAction, rec: LicenceRecord, current: LicenceStateCode): never {
    const superseded = isSuperseded(rec, this.today());
    const where = superseded
      ? `it was superseded by ${rec.nextIdentifier ?? "a newer version"}`
      : rec.nextIdentifier !== null
        ? `it was already renewed by ${rec.nextIdentifier}, which takes effect on ${rec.supersededOn ?? "its validFrom"}; change that version instead`
        : rec.takesEffectOn !== undefined && rec.takesEffectOn > this.today()
          ? `it is a renewal that takes effect on ${rec.takesEffectOn}; ${action} it from that day, or cancel it (the version in force keeps its term) and renew that again`
          : `its current state is ${describeState(current)}`;
    throw new RegistryError(
      "REG_ILLEGAL_TRANSITION",
      `Cannot ${action} licence ${rec.identifier}: ${where}; ${action} is allowed from ${LIFECYCLE[action].from.map((s) => describeState(s)).join(", ")}.`,
      [{ field: "state", code: "REG_ILLEGAL_TRANSITION", message: `current state ${current}` }],
    );
  }

  /** suspend, reinstate, revoke, cancel, deregister: the record changes state in place. */
  async transition(
    actor: Actor,
    identifier: string,
    action: Exclude<LifecycleAction, "amend" | "renew" | "expire">,
    input: TransitionInput,
    idem: IdempotencyInput | null,
  ): Promise<MutationResult<LicenceView>> {
    // A code from the fixed list (public) and an optional internal note: a free-text reason was shown to anyone.
    const reason = codedReason(input);
    return runMutation(
      this.store,
      actor.id,
      idem,
      async () => {
        const { rec, today, current, rule } = await this.loadForTransition(actor, identifier, action);
        const at = this.clock().toISOString();
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
        batch.audit.push(
          this.audit(actor, rule.auditAction, identifier, rec.holder.code, reason, { from, to }),
        );
        // A renewal waiting for its validFrom shares the fate of the version in force: otherwise a licence revoked or
        // suspended today would come back, valid, as its renewal on that day (its PDF and QR code are already out).
        const carried = await this.waitingRenewalFor(rec, action, today, at);
        if (carried) {
          batch.updateLicences.push({ record: carried.record, expectedRevision: carried.expectedRevision });
          batch.transitions.push({ ...carried.transition, actor: actor.id, reason });
          batch.audit.push(
            this.audit(actor, rule.auditAction, carried.record.identifier, rec.holder.code, reason, {
              from: carried.transition.fromState,
              to: carried.transition.toState,
              carriedFrom: identifier,
            }),
          );
        }
        // Ending a renewal that has not taken effect gives the version it was to replace back its own term.
        const restored = await this.withdrawnRenewal(rec, to, today, at);
        if (restored) {
          batch.updateLicences.push({ record: restored.record, expectedRevision: restored.expectedRevision });
          batch.audit.push(
            this.audit(actor, RENEWAL_WITHDRAWN_ACTION, restored.record.identifier, rec.holder.code, reason, {
              withdrawn: identifier,
              supersededOn: rec.takesEffectOn ?? null,
            }),
          );
        }
        return {
          batch,
          status: 200,
          body: this.view(updated, actor),
          after: () => {
            this.events.onStateChanged?.(updated);
            if (carried) this.events.onStateChanged?.(carried.record);
            if (restored) this.events.onStateChanged?.(restored.record);
          },
        };
      },
      this.clock,
    );
  }

  /**
   * The renewal of `rec` still waiting for its validFrom, moved by the same action (suspend, reinstate, revoke,
   * cancel, deregister) when its own state allows it; null when there is none. The links stay: a suspended pair
   * switches on the day as before (the renewal suspended), an ended pair never switches (ended states are not
   * succeeded, and the renewal is ended too).
   */
  private async waitingRenewalFor(
    rec: LicenceRecord,
    action: Exclude<LifecycleAction, "amend" | "renew" | "expire">,
    today: string,
    at: string,
  ): Promise<{ record: LicenceRecord; expectedRevision: number; transition: LicenceTransition } | null> {
    if (rec.nextIdentifier === null || rec.supersededOn === undefined || rec.supersededOn <= today)
      return null;
    const next = await this.store.getLicence(rec.nextIdentifier);
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
  private async withdrawnRenewal(rec: LicenceRecord, to: LicenceStateCode, today: string, at: string) {
    if (!endsPendingRenewal(rec, to, today) || rec.previousIdentifier === null) return null;
    const pred = await this.store.getLicence(rec.previousIdentifier);
    if (!pred || pred.nextIdentifier !== rec.identifier || pred.supersededOn === undefined) return null;
    return { record: restoredPredecessor(pred, at), expectedRevision: pred.revision };
  }

  /** amend and renew: a new version linked both ways; the old one is superseded. */
  async replace(
    actor: Actor,
    identifier: string,
    action: "amend" | "renew",
    input: AmendInput & RenewInput,
    idem: IdempotencyInput | null,
  ): Promise<MutationResult<LicenceView>> {
    const reason = this.requireReason(input.reason);
    return runMutation(
      this.store,
      actor.id,
      idem,
      async () => {
        const { rec, today, current, rule } = await this.loadForTransition(actor, identifier, action);
        // A version whose renewal made in advance is waiting is still in force, but it has its successor already.
        if (rec.nextIdentifier !== null) this.illegal(action, rec, current);
        // Nor is a renewal still waiting replaced: its replacement would not wait (amend) or would wait behind it
        // (renew), and what happens to the version in force (suspended, revoked) or to the renewal (withdrawn) would
        // no longer reach it, so it could come into force valid on its own.
        if (rec.takesEffectOn !== undefined && rec.takesEffectOn > today) this.illegal(action, rec, current);
        const details: ErrorDetail[] = [];
        const next =
          action === "amend"
            ? this.planAmend(rec, input, details)
            : this.planRenew(rec, input, today, details);
        const type = this.catalogue.get(rec.typeCode);
        const holder = next.holder ?? rec.holder;
        const licenceNumber = type ? licenceNumberOf(type, next.fields ?? rec.fields, rec.provenance) : null;
        if (details.length === 0)
          details.push(
            ...(await this.checkAgainstRegister({
              typeCode: rec.typeCode,
              holder,
              licenceNumber,
              validUntil: next.validUntil === undefined ? rec.validUntil : next.validUntil,
              lineage: rec.lineage,
              ...(holder.name !== rec.holder.name ? { previousName: rec.holder.name } : {}),
            })),
          );
        if (details.length > 0) throw new RegistryError("REG_VALIDATION_FAILED", undefined, details);
        const at = this.clock().toISOString();
        // Usually rec.version + 1; after a renewal withdrawn before it took effect, that number is taken by it.
        const version =
          Math.max(rec.version, ...(await this.store.lineage(rec.lineage)).map((v) => v.version)) + 1;
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
        const sealUsage = await this.sealInto(newRecord);
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
              this.audit(actor, rule.auditAction, rec.identifier, rec.holder.code, reason, {
                newIdentifier: newRecord.identifier,
                version,
                documentSha256: newRecord.documentSha256,
                ...(pending ? { takesEffectOn: newRecord.validFrom } : {}),
              }),
            ],
            sealUsage,
          },
          status: 201,
          body: this.view(newRecord, actor),
          after: () => {
            this.events.onStateChanged?.(old);
            this.events.onVersionCreated?.(newRecord);
          },
        };
      },
      this.clock,
    );
  }

  private planAmend(rec: LicenceRecord, input: AmendInput, details: ErrorDetail[]): Partial<LicenceRecord> {
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
    const check = this.catalogue.validateFields(rec.typeCode, merged);
    if (!check.ok) details.push(...check.problems);
    const type = this.catalogue.get(rec.typeCode);
    if (check.ok && type) details.push(...citizenIdFactProblems(type, rec.holder, check.value));
    details.push(...unprintableProblems(input.holder?.name.trim(), check.ok ? check.value : {}));
    const out: Partial<LicenceRecord> = { fields: check.ok ? check.value : merged };
    if (input.holder) {
      const name = input.holder.name.trim();
      if (name.length === 0 || name.length > 200)
        details.push({
          field: "holder.name",
          code: "REG_HOLDER_NAME_REQUIRED",
          message: "holder.name must be 1–200 characters",
        });
      out.holder = { ...rec.holder, name };
    }
    if (input.validUntil !== undefined) {
      if (input.validUntil !== null && (!isIsoDate(input.validUntil) || input.validUntil < rec.validFrom))
        details.push({
          field: "validUntil",
          code: "REG_DATE_INVALID",
          message: `validUntil must be a date (YYYY-MM-DD) on or after validFrom ${rec.validFrom}`,
        });
      out.validUntil = input.validUntil;
    }
    return out;
  }

  private planRenew(
    rec: LicenceRecord,
    input: RenewInput,
    today: string,
    details: ErrorDetail[],
  ): Partial<LicenceRecord> {
    const type = this.catalogue.get(rec.typeCode);
    const outside = type ? renewalWindowProblem(type, rec.validUntil, today) : null;
    if (outside) details.push(outside);
    // By default the renewed licence runs on from the day after the old one ends (or from today if it has lapsed).
    const validFrom =
      input.validFrom ??
      (rec.validUntil !== null && rec.validUntil >= today ? addDays(rec.validUntil, 1) : today);
    if (!isIsoDate(validFrom)) {
      details.push({
        field: "validFrom",
        code: "REG_DATE_INVALID",
        message: `"${validFrom}" is not a calendar date; write YYYY-MM-DD`,
      });
      return {};
    }
    let validUntil: string | null;
    if (input.validUntil !== undefined) {
      validUntil = input.validUntil;
      if (validUntil !== null && (!isIsoDate(validUntil) || validUntil < validFrom))
        details.push({
          field: "validUntil",
          code: "REG_DATE_INVALID",
          message: `validUntil must be a date (YYYY-MM-DD) on or after validFrom ${validFrom}`,
        });
    } else validUntil = this.catalogue.computeValidUntil(rec.typeCode, validFrom);
    return { validFrom, validUntil };
  }

  /**
   * Records every renewal made in advance that has taken effect (the old version becomes superseded), then expiry for
   * every valid or suspended licence whose validity has ended. Returns how many records changed. Successions go first:
   * on the day a renewal takes effect the old version has usually just lapsed too, and it is superseded, not expired.
   */
  async sweepExpired(batchSize = 500): Promise<number> {
    if (this.sweepGate && !(await this.sweepGate.admit(this.today()))) return 0;
    const system: Actor = { id: "system", role: "system", department: null };
    let total = await this.sweepSuccessions(system, batchSize);
    for (;;) {
      const today = this.today();
      const lapsed = await this.store.findLapsed(today, batchSize);
      if (lapsed.length === 0) return total;
      const at = this.clock().toISOString();
      let progressed = 0;
      for (const rec of lapsed) {
        const updated: LicenceRecord = {
          ...rec,
          state: LicenceState.EXPIRED,
          lastOperation: Operation.EXPIRE,
          updatedAt: at,
          revision: rec.revision + 1,
        };
        const r = await this.store.apply({
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
            this.audit(system, "licence.expire", rec.identifier, rec.holder.code, "validity ended", {
              validUntil: rec.validUntil,
            }),
          ],
        });
        if (r.ok) {
          progressed++;
          this.events.onStateChanged?.(updated);
        }
      }
      total += progressed;
      if (progressed === 0) return total;
    }
  }

  private async sweepSuccessions(system: Actor, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const due = await this.store.findDueSuccessions(this.today(), batchSize);
      if (due.length === 0) return total;
      const at = this.clock().toISOString();
      let progressed = 0;
      for (const rec of due) {
        const { batch, updated } = successionBatch(rec, at, (detail) =>
          this.audit(
            system,
            SUCCESSION_ACTION,
            rec.identifier,
            rec.holder.code,
            "renewal took effect",
            detail,
          ),
        );
        if ((await this.store.apply(batch)).ok) {
          progressed++;
          this.events.onStateChanged?.(updated);
        }
      }
      total += progressed;
      if (progressed === 0) return total;
    }
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  private async logRead(
    actor: Actor,
    action: string,
    target: string,
    holderCode: string | null,
    purpose: string | null,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    const r = await this.store.apply({
      audit: [this.audit(actor, action, target, holderCode, purpose, detail)],
    });
    if (!r.ok)
      throw new RegistryError(
        "REG_INTERNAL",
        "The access could not be recorded in the audit log; nothing was returned.",
      );
  }

  private mayRead(actor: Actor, rec: LicenceRecord): boolean {
    if (actor.role === "issuer") return rec.issuer.code === actor.department;
    // Deny by default: their own current versions only (what their licence list shows), never a superseded one.
    if (actor.role === "holder")
      return (
        actor.holderCode !== undefined &&
        rec.holder.code === actor.holderCode &&
        !isSuperseded(rec, this.today())
      );
    return actor.role === "auditor" || actor.role === "clerk" || actor.role === "system";
  }

  async get(actor: Actor, identifier: string, purpose: string | null): Promise<LicenceView> {
    const rec = await this.store.getLicence(identifier);
    if (!rec || !this.mayRead(actor, rec))
      throw new RegistryError(
        "REG_LICENCE_NOT_FOUND",
        `No licence has the identifier ${identifier} that you may read.`,
      );
    await this.logRead(actor, "licence.read", identifier, rec.holder.code, purpose);
    this.events.onLookup?.("licence");
    return this.view(rec, actor);
  }

  /** The licence a download is for, after logging the download with its purpose. */
  async download(actor: Actor, identifier: string, purpose: string): Promise<LicenceView> {
    const rec = await this.store.getLicence(identifier);
    if (!rec || !this.mayRead(actor, rec))
      throw new RegistryError(
        "REG_LICENCE_NOT_FOUND",
        `No licence has the identifier ${identifier} that you may read.`,
      );
    await this.logRead(actor, "licence.download", identifier, rec.holder.code, purpose, {
      documentSha256: rec.documentSha256,
    });
    return this.view(rec, actor);
  }

  /**
   * An annotated copy (加注件) of a currently valid licence for a stated purpose, usable until `validUntil` (default
   * today + 30 days, at most a year, never after the licence's own end). Every problem with the request at once (400),
   * then 409 for a licence that is not valid or not yet sealed. `make` signs the note into the stored document; the
   * copy is logged like a download, with the purpose and the period, before it is returned.
   */
  async annotatedCopy(
    actor: Actor,
    identifier: string,
    request: AnnotatedCopyRequest,
    make: AnnotatedCopyMaker,
  ): Promise<AnnotatedCopy> {
    const rec = await this.store.getLicence(identifier);
    if (!rec || !this.mayRead(actor, rec))
      throw new RegistryError(
        "REG_LICENCE_NOT_FOUND",
        `No licence has the identifier ${identifier} that you may read.`,
      );
    const today = this.today();
    // Not yet in force or superseded by date reads as 99 here: no annotated copy of either.
    const { state, status } = standing(rec, today);
    const details: ErrorDetail[] = [];
    let purpose = "";
    try {
      purpose = requirePurpose(request.purpose);
    } catch (e) {
      if (!(e instanceof RegistryError)) throw e;
      details.push(...e.details);
    }
    const latest = addYear(today);
    let validUntil: string;
    if (request.validUntil === undefined || request.validUntil === null) {
      const byDefault = addDays(today, ANNOTATION_DEFAULT_DAYS);
      validUntil = rec.validUntil !== null && rec.validUntil < byDefault ? rec.validUntil : byDefault;
    } else if (typeof request.validUntil !== "string" || !isIsoDate(request.validUntil)) {
      validUntil = "";
      details.push({
        field: "validUntil",
        code: "REG_DATE_INVALID",
        message: `${JSON.stringify(request.validUntil)} is not a calendar date; write YYYY-MM-DD`,
      });
    } else {
      validUntil = request.validUntil;
      if (validUntil < today)
        details.push({
          field: "validUntil",
          code: "REG_ANNOTATION_VALID_UNTIL_PAST",
          message: `validUntil ${validUntil} is before today (${today})`,
        });
      if (validUntil > latest)
        details.push({
          field: "validUntil",
          code: "REG_ANNOTATION_VALID_UNTIL_TOO_FAR",
          message: `validUntil ${validUntil} is more than a year ahead; the latest is ${latest}`,
        });
      // Only for a valid licence: for another one the 409 below is the answer, not a date to correct.
      if (state === LicenceState.VALID && rec.validUntil !== null && validUntil > rec.validUntil)
        details.push({
          field: "validUntil",
          code: "REG_ANNOTATION_AFTER_LICENCE_EXPIRY",
          message: `validUntil ${validUntil} is after the licence's own end ${rec.validUntil}`,
        });
    }
    if (details.length > 0) throw new RegistryError("REG_BAD_REQUEST", undefined, details);
    if (state !== LicenceState.VALID) {
      throw new RegistryError(
        "REG_ILLEGAL_TRANSITION",
        `An annotated copy is made only of a valid licence; ${rec.identifier} ${
          status === "superseded"
            ? `was superseded by ${rec.nextIdentifier ?? "a newer version"}`
            : status === "not-yet-in-force"
              ? `is not yet in force (valid from ${rec.validFrom})`
              : `is ${describeState(state)}`
        }.`,
        [{ field: "state", code: "REG_ILLEGAL_TRANSITION", message: `current state ${state}` }],
      );
    }
    if (!rec.documentSha256)
      throw new RegistryError(
        "REG_DOCUMENT_PENDING",
        `Licence ${rec.identifier} has no sealed document yet; it is being sealed, retry shortly.`,
      );
    const copy = await make(rec, { purpose, validUntil });
    // The platform seal's use goes to the seal-usage ledger with the read's audit event, in one batch.
    const written = await this.store.apply({
      audit: [
        this.audit(actor, ANNOTATED_COPY_ACTION, identifier, rec.holder.code, purpose, {
          validUntil,
          documentSha256: rec.documentSha256,
          annotatedSha256: copy.sha256,
          signerSerial: copy.signerSerial,
          level: copy.level,
        }),
      ],
      sealUsage: [
        {
          sealSerial: copy.signerSerial,
          sealCertificateSha256: copy.signerCertificateSha256,
          department: copy.signerDepartment,
          identifier: rec.identifier,
          documentSha256: copy.sha256,
          level: copy.level,
          at: this.clock().toISOString(),
        },
      ],
    });
    if (!written.ok)
      throw new RegistryError(
        "REG_INTERNAL",
        "The annotated copy could not be recorded in the audit log and the seal-usage ledger; nothing was returned.",
      );
    return {
      identifier: rec.identifier,
      typeName: this.catalogue.get(rec.typeCode)?.name.zh ?? rec.typeCode,
      madeOn: this.today(),
      purpose,
      validUntil,
      bytes: copy.bytes,
      sha256: copy.sha256,
    };
  }

  /**
   * Seals licence versions stored without a document (bulk conversion stores first and seals in the background);
   * returns how many were sealed. A version that fails is recorded and parked or retried later, never blocking the
   * others (seal-pending.ts).
   */
  async sealPending(limit = 50): Promise<number> {
    return (await this.sealRound(limit)).sealed;
  }

  /** sealPending with the versions that failed this round (what `elicence serve` logs). */
  async sealRound(limit = 50): Promise<SealRound> {
    if (!this.sealer) return { sealed: 0, failed: [] };
    return sealRound({ store: this.store, sealer: this.sealer, clock: this.clock }, limit);
  }

  async history(
    actor: Actor,
    identifier: string,
    purpose: string,
  ): Promise<{ versions: LicenceView[]; transitions: LicenceTransition[] }> {
    const rec = await this.store.getLicence(identifier);
    if (!rec || !this.mayRead(actor, rec))
      throw new RegistryError(
        "REG_LICENCE_NOT_FOUND",
        `No licence has the identifier ${identifier} that you may read.`,
      );
    const [versions, transitions] = await Promise.all([
      this.store.lineage(rec.lineage),
      this.store.transitions(rec.lineage),
    ]);
    await this.logRead(actor, "licence.history", identifier, rec.holder.code, purpose);
    return {
      versions: versions.map((v) => this.view(v, actor)),
      transitions: transitions.map((t) => transitionFor(t, actor)),
    };
  }

  async list(
    actor: Actor,
    q: Omit<LicenceQuery, "holderCode">,
    purpose: string,
  ): Promise<{ items: LicenceView[]; next?: string }> {
    const query: LicenceQuery = { ...q };
    if (actor.role === "issuer") query.issuerCode = actor.department ?? "-";
    const page = await this.store.listLicences(query);
    // One event per licence listed, so that every holder on the page sees the read in their access log.
    const r = await this.store.apply({
      audit: listReadEvents(actor, page.items, query, purpose, this.clock()),
    });
    if (!r.ok)
      throw new RegistryError(
        "REG_INTERNAL",
        "The access could not be recorded in the audit log; nothing was returned.",
      );
    return { items: page.items.map((r) => this.view(r, actor)), ...(page.next ? { next: page.next } : {}) };
  }

  /** Normalises and validates a holder code from a URL or body; errors name `field`. */
  holderCode(raw: string, field: string): { code: string; codeType: "111" | "001" } {
    const parsed = parseHolderCode(raw, { now: this.clock() });
    if (!parsed.ok)
      throw new RegistryError(
        "REG_VALIDATION_FAILED",
        undefined,
        parsed.errors.map((p) => ({
          field,
          code: p.code,
          message: p.message,
          ...(p.suggestion ? { suggestion: p.suggestion } : {}),
        })),
      );
    return { code: parsed.value.code, codeType: parsed.value.codeType };
  }

  /** The holder's current licences (superseded versions left out), for a stated purpose; the access is logged. */
  async lookupHolder(
    actor: Actor,
    rawCode: string,
    purpose: string,
  ): Promise<{ holderCode: string; licences: LicenceView[] }> {
    const holder = this.holderCode(rawCode, "code");
    const code = holder.code;
    const all = await this.store.licencesByHolder(code);
    const today = this.today();
    // The version in force today: a renewal made in advance shows only from its validFrom, its predecessor until then.
    const current = all.filter(
      (r) => isCurrentVersion(r, today) && this.catalogue.get(r.typeCode) !== undefined,
    );
    await this.logRead(actor, "holder.lookup", code, code, purpose, { count: current.length });
    this.events.onLookup?.("holder");
    return { holderCode: this.shownCode(holder, actor), licences: current.map((r) => this.view(r, actor)) };
  }

  async accessLog(actor: Actor, rawCode: string, limit: number, purpose: string): Promise<AuditEvent[]> {
    const { code } = this.holderCode(rawCode, "code");
    const events = await this.store.auditByHolder(code, limit);
    await this.logRead(actor, "holder.access-log", code, code, purpose);
    return events.filter((e) => READ_ACTIONS.has(e.action));
  }

  async checkMaterials(
    actor: Actor,
    input: { holderCode: string; purpose: string; required: string[]; serviceItem?: string },
  ): Promise<{ holderCode: string; results: MaterialResult[]; exemptCount: number }> {
    const details: ErrorDetail[] = [];
    let holder: { code: string; codeType: "111" | "001" } = { code: "", codeType: "111" };
    try {
      holder = this.holderCode(input.holderCode, "holderCode");
    } catch (e) {
      if (e instanceof RegistryError) details.push(...e.details);
      else throw e;
    }
    input.required.forEach((t, i) => {
      if (!this.catalogue.get(t))
        details.push({
          field: `required[${i}]`,
          code: "REG_LICENCE_TYPE_UNKNOWN",
          message: `"${t}" is not a licence type of this registry`,
        });
    });
    if (details.length > 0) throw new RegistryError("REG_VALIDATION_FAILED", undefined, details);

    const today = this.today();
    const code = holder.code;
    const held = (await this.store.licencesByHolder(code)).filter((r) => isCurrentVersion(r, today));
    const results: MaterialResult[] = [...new Set(input.required)].map((typeCode) =>
      materialFor(typeCode, this.catalogue.get(typeCode)!.name.zh, held, today),
    );
    const exempt = results.filter((r) => r.status === "exempt");
    await this.logRead(actor, "materials.check", code, code, input.purpose, {
      required: input.required,
      exempt: exempt.map((r) => r.identifier),
      // The exemption figures group by it (GET /api/v1/stats/exemptions).
      serviceItem: input.serviceItem ?? null,
    });
    this.events.onMaterialsChecked?.(exempt.length, actor.department, input.serviceItem ?? null);
    return { holderCode: this.shownCode(holder, actor), results, exemptCount: exempt.length };
  }
}
