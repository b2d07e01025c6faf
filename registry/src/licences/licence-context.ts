// The shared context of the licence use cases (issue-licences.ts, change-state.ts, replace-licences.ts,
// read-licences.ts, annotated-copies.ts, materials-check.ts, sweep.ts): the store, the catalogue, the clock, the
// event hooks and the sealer port, with the few things every use case does the same way — today's date, an audit
// event, the view of a record for an actor, a logged read and sealing a new version before it is written.
import type { ApiKeyRecord, Role } from "../domain/api-key.js";
import type { AuditEventInput } from "../domain/audit-event.js";
import type { LicenceRecord } from "../domain/licence.js";
import { RegistryError } from "../errors.js";
import { maskHolderCode } from "@elicence/core";
import type { SealUsage, Store } from "../store/store.js";
import type { Catalogue } from "../catalogue/index.js";
import { chinaDate } from "@elicence/core";
import { seesPersonalData } from "../auth/policy.js";
import { toView, type LicenceView } from "./licence-view.js";

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

/** The actor of background work: the expiry and succession sweep, background sealing. */
export const SYSTEM_ACTOR: Actor = { id: "system", role: "system", department: null };

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

/** Hooks run after a licence version is durably stored (cache invalidation, metrics). */
export interface LicenceEvents {
  onVersionCreated?(record: LicenceRecord): void;
  onStateChanged?(record: LicenceRecord): void;
  onLookup?(kind: "holder" | "licence"): void;
  /** `serviceItem`: the service item code the check was made for, or null for an explicit list of types. */
  onMaterialsChecked?(exempt: number, department: string | null, serviceItem: string | null): void;
}

export class LicenceContext {
  constructor(
    readonly store: Store,
    readonly catalogue: Catalogue,
    readonly clock: () => Date,
    readonly events: LicenceEvents = {},
    readonly sealer: DocumentSealer | null = null,
  ) {}

  /** Today's date in China (YYYY-MM-DD) by the service's clock. */
  today(): string {
    return chinaDate(this.clock());
  }

  audit(
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

  /** Whether the actor sees personal data masked (clerks, the public); a holder reads only their own, unmasked. */
  masked(actor: Actor | null): boolean {
    if (actor === null) return true;
    return actor.role !== "system" && actor.role !== "holder" && !seesPersonalData(actor.role);
  }

  shownCode(h: { code: string; codeType: "111" | "001" }, actor: Actor): string {
    return this.masked(actor) ? maskHolderCode(h.code, h.codeType) : h.code;
  }

  view(record: LicenceRecord, actor: Actor | null): LicenceView {
    const type = this.catalogue.get(record.typeCode);
    return toView(record, {
      today: this.today(),
      typeName: type?.name.zh ?? record.typeCode,
      masked: this.masked(actor),
      publicFields: type?.publicFields ?? [],
    });
  }

  /** Records a read of personal data; nothing is returned to the reader unless the record is written. */
  async logRead(
    actor: Actor,
    action: string,
    target: string,
    holderCode: string | null,
    purpose: string | null,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await this.logReads([this.audit(actor, action, target, holderCode, purpose, detail)]);
  }

  async logReads(audit: AuditEventInput[]): Promise<void> {
    const r = await this.store.apply({ audit });
    if (!r.ok)
      throw new RegistryError(
        "REG_INTERNAL",
        "The access could not be recorded in the audit log; nothing was returned.",
      );
  }

  /** Seals `record` when a sealer is configured: sets its document hash and returns the ledger entry. */
  async sealInto(record: LicenceRecord): Promise<SealUsage[]> {
    if (!this.sealer) return [];
    const usage = await this.sealer.seal(record, this.clock());
    // The record about to commit names this document: it must be durable first, whatever sealer was given.
    await this.sealer.flush?.();
    record.documentSha256 = usage.documentSha256;
    return [usage];
  }
}
