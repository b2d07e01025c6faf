// What a signed-in holder sees: their current licences, unmasked (it is their own data), and who looked them up:
// which department, in which role, why and when. Their own views are audited too, but are not "lookups" of them.
import type { AuditEvent } from "../domain/audit-event.js";
import { ANNOTATED_COPY_ACTION, type Actor, type LicenceService } from "../licences/licence-service.js";
import type { LicenceView } from "../licences/licence-view.js";
import { chinaDate, type Bilingual, isReasonCode, REASON_CODES, type ReasonCode } from "@elicence/core";
import { isSuperseded } from "../licences/in-force.js";
import type { Catalogue } from "../catalogue/index.js";
import type { Store } from "../store/store.js";
import type { DepartmentNames } from "../stats/department-names.js";
import { writeAudit } from "../sessions/audit-write.js";
import type { HolderIdentity } from "./holder-authenticator.js";
import { holderActor } from "./holder-sign-in.js";
import { AUDIT_READ_ACTION } from "../audit/audit-read-events.js";
import type { LicenceRecord } from "../domain/licence.js";
import { LicenceState } from "../domain/states.js";
import { statusFacts, statusView } from "../status/status-facts.js";

/** Reads of a holder's personal data by staff: what the access log lists. */
export const LOOKUP_ACTIONS: ReadonlySet<string> = new Set([
  "holder.lookup",
  "licence.read",
  "licence.download",
  "licence.annotated-copy",
  "licence.history",
  "licence.list",
  "materials.check",
  "holder.access-log",
  // A share code opens the holder's unmasked licences: handing one out is shown like a read, with its purpose.
  "holder.share-code.create",
  // A page of the audit log that named the holder (audit-read-events.ts).
  AUDIT_READ_ACTION,
]);

/**
 * Events of sessions opened with a share code that the holder must see too: if a code was used by someone else (the
 * clerk who minted it, say), the sign-in and the reads it made stand in the holder's log beside the code's creation.
 */
export const SHARE_CODE_SESSION_ACTIONS: ReadonlySet<string> = new Set([
  "holder.share-code.use",
  "holder.self.licences",
  // The holder's own downloads and annotated copies (holder-documents.ts): the latter with the service item chosen.
  "licence.download",
  ANNOTATED_COPY_ACTION,
]);

/** The states a licence is in for a reason its holder should read. */
const REASONED_STATES: readonly string[] = [
  LicenceState.SUSPENDED,
  LicenceState.CANCELLED,
  LicenceState.DEREGISTERED,
  LicenceState.REVOKED,
];

/** Events read from the store per access-log request; the log shows the newest lookups among them. */
const SCAN = 2000;

export interface AccessEntry {
  at: string;
  action: string;
  role: string;
  department: string | null;
  departmentName: string | null;
  purpose: string | null;
  /** The licence identifier (or the holder code, for a lookup by code) that was read. */
  target: string;
}

/**
 * Why a suspended, cancelled, deregistered or revoked licence is so: when, and the reason code in words. The same
 * facts as the public status answer (status-facts.ts), so never the department's internal note.
 */
export interface StateChange {
  at: string;
  reason: ReasonCode;
  reasonName: Bilingual;
}

export type HolderLicence = LicenceView & { stateChange?: StateChange };

/** Only the masking decision: the holder sees every field of their own licences. */
const OWN_DATA: Actor = { id: "holder", role: "system", department: null };

export class HolderView {
  constructor(
    private readonly store: Store,
    private readonly service: LicenceService,
    private readonly catalogue: Catalogue,
    private readonly departments: DepartmentNames,
    private readonly clock: () => Date,
  ) {}

  async licences(identity: HolderIdentity): Promise<{ holderCode: string; licences: HolderLicence[] }> {
    const all = await this.store.licencesByHolder(identity.holderCode);
    const today = chinaDate(this.clock());
    // The version in force and, after a renewal made in advance, the one waiting for its validFrom (shown as not yet
    // in force): the holder sees both; superseded versions are left out.
    const current = all.filter(
      (r) => !isSuperseded(r, today) && this.catalogue.get(r.typeCode) !== undefined,
    );
    await this.audit(identity, "holder.self.licences", { count: current.length });
    const licences = await Promise.all(
      current.map(async (r): Promise<HolderLicence> => {
        const change = await this.stateChange(r);
        return { ...this.service.view(r, OWN_DATA), ...(change ? { stateChange: change } : {}) };
      }),
    );
    return { holderCode: identity.holderCode, licences };
  }

  private async stateChange(r: LicenceRecord): Promise<StateChange | undefined> {
    if (!REASONED_STATES.includes(r.state)) return undefined;
    const row = await this.store.statusByToken(r.publicToken);
    if (!row) return undefined;
    // The identifier digest is the public answer's concern only; a suspension since lapsed into expiry has no reason.
    const v = statusView(statusFacts(row, ""), this.clock());
    const at = v.revokedAt ?? v.suspendedAt;
    if (at === undefined || !isReasonCode(v.reason)) return undefined;
    const words = REASON_CODES[v.reason];
    return { at, reason: v.reason, reasonName: { zh: words.zh, en: words.en } };
  }

  async accessLog(
    identity: HolderIdentity,
    limit: number,
  ): Promise<{ holderCode: string; items: AccessEntry[] }> {
    const events = await this.store.auditByHolder(identity.holderCode, SCAN);
    await this.audit(identity, "holder.self.access-log");
    return {
      holderCode: identity.holderCode,
      items: events
        .filter((e) =>
          e.role === "holder" ? SHARE_CODE_SESSION_ACTIONS.has(e.action) : LOOKUP_ACTIONS.has(e.action),
        )
        .slice(0, limit)
        .map((e) => this.entry(e)),
    };
  }

  private entry(e: AuditEvent): AccessEntry {
    return {
      at: e.at,
      action: e.action,
      role: e.role,
      department: e.department,
      departmentName: this.departments.name(e.department),
      purpose: e.purpose,
      target: e.target,
    };
  }

  private audit(identity: HolderIdentity, action: string, detail?: Record<string, unknown>): Promise<void> {
    return writeAudit(this.store, {
      actor: holderActor(identity),
      role: "holder",
      department: null,
      action,
      target: identity.holderCode,
      holderCode: identity.holderCode,
      purpose: null,
      ...(detail ? { detail } : {}),
      at: this.clock().toISOString(),
    });
  }
}
