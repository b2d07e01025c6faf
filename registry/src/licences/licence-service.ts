// The licence service: one object over the licence use cases, for the routes, the CLI and the importer. It holds the
// shared context (licence-context.ts) and hands each call to the module of its use case:
//   issue-licences.ts     issue, checkIssue, issueMany        register-check.ts  number and name against the register
//   change-state.ts       suspend … deregister                replace-licences.ts amend, renew
//   read-licences.ts      get, download, history, list, holder lookup, access log
//   annotated-copies.ts   annotated copies                    materials-check.ts the materials check
//   sweep.ts              expiry and successions              seal-pending.ts    background sealing
// Each mutation is planned from current state and written with its audit events in one atomic batch.
import type { AuditEvent } from "../domain/audit-event.js";
import type { LicenceRecord, LicenceTransition } from "../domain/licence.js";
import type { ErrorDetail } from "../errors.js";
import type { LicenceQuery, Store } from "../store/store.js";
import type { Catalogue } from "../catalogue/index.js";
import type { IdempotencyInput, MutationResult } from "./idempotency.js";
import type { LicenceView } from "./licence-view.js";
import { LicenceContext, type Actor, type DocumentSealer, type LicenceEvents } from "./licence-context.js";
import { holderCodeOf } from "./licence-access.js";
import {
  checkIssue,
  issue,
  issueMany,
  type IssueCheck,
  type IssueInput,
  type IssuePlan,
} from "./issue-licences.js";
import { checkAgainstRegister, checkManyAgainstRegister, type RegisterCheckInput } from "./register-check.js";
import { changeState, type StateAction, type TransitionInput } from "./change-state.js";
import { replaceLicence, type AmendInput, type RenewInput } from "./replace-licences.js";
import {
  downloadLicence,
  getLicence,
  holderAccessLog,
  licenceHistory,
  listLicences,
  lookupHolder,
} from "./read-licences.js";
import {
  annotatedCopy,
  type AnnotatedCopy,
  type AnnotatedCopyMaker,
  type AnnotatedCopyRequest,
} from "./annotated-copies.js";
import { checkMaterials } from "./materials-check.js";
import type { MaterialResult } from "./material-for.js";
import { sweepExpired, type SweepGate } from "./sweep.js";
import { sealRound, type SealRound } from "./seal-pending.js";

export { actorFromKey, type Actor, type DocumentSealer, type LicenceEvents } from "./licence-context.js";
export type { IssueCheck, IssueInput, IssuePlan } from "./issue-licences.js";
export type { RegisterCheckInput } from "./register-check.js";
export type { TransitionInput } from "./change-state.js";
export type { AmendInput, RenewInput } from "./replace-licences.js";
export { ANNOTATED_COPY_ACTION } from "./read-licences.js";
export {
  ANNOTATION_DEFAULT_DAYS,
  type AnnotatedCopy,
  type AnnotatedCopyMaker,
  type AnnotatedCopyRequest,
} from "./annotated-copies.js";
export type { MaterialResult, MaterialStatus } from "./material-for.js";

export class LicenceService {
  private readonly ctx: LicenceContext;

  constructor(
    store: Store,
    catalogue: Catalogue,
    clock: () => Date,
    events: LicenceEvents = {},
    sealer: DocumentSealer | null = null,
    /** Asked before every sweep: a clock jump or a mass expiry waits for confirmation (health/clock-guard.ts). */
    private readonly sweepGate: SweepGate | null = null,
  ) {
    this.ctx = new LicenceContext(store, catalogue, clock, events, sealer);
  }

  /** Today's date in China (YYYY-MM-DD) by the service's clock. */
  today(): string {
    return this.ctx.today();
  }

  view(record: LicenceRecord, actor: Actor | null): LicenceView {
    return this.ctx.view(record, actor);
  }

  // ---- issue (issue-licences.ts, register-check.ts) ----------------------------------------------------------

  issue(
    actor: Actor,
    input: IssueInput,
    idem: IdempotencyInput | null,
  ): Promise<MutationResult<LicenceView>> {
    return issue(this.ctx, actor, input, idem);
  }

  checkIssue(actor: Actor, input: IssueInput): IssueCheck {
    return checkIssue(this.ctx, actor, input);
  }

  checkAgainstRegister(input: RegisterCheckInput): Promise<ErrorDetail[]> {
    return checkAgainstRegister(this.ctx, input);
  }

  checkManyAgainstRegister(inputs: readonly RegisterCheckInput[]): Promise<ErrorDetail[][]> {
    return checkManyAgainstRegister(this.ctx, inputs);
  }

  issueMany(actor: Actor, plans: readonly IssuePlan[]): Promise<LicenceRecord[]> {
    return issueMany(this.ctx, actor, plans);
  }

  // ---- changes (change-state.ts, replace-licences.ts, sweep.ts) ----------------------------------------------

  transition(
    actor: Actor,
    identifier: string,
    action: StateAction,
    input: TransitionInput,
    idem: IdempotencyInput | null,
  ): Promise<MutationResult<LicenceView>> {
    return changeState(this.ctx, actor, identifier, action, input, idem);
  }

  replace(
    actor: Actor,
    identifier: string,
    action: "amend" | "renew",
    input: AmendInput & RenewInput,
    idem: IdempotencyInput | null,
  ): Promise<MutationResult<LicenceView>> {
    return replaceLicence(this.ctx, actor, identifier, action, input, idem);
  }

  sweepExpired(batchSize = 500): Promise<number> {
    return sweepExpired(this.ctx, this.sweepGate, batchSize);
  }

  // ---- reads (read-licences.ts, annotated-copies.ts, materials-check.ts) -------------------------------------

  get(actor: Actor, identifier: string, purpose: string | null): Promise<LicenceView> {
    return getLicence(this.ctx, actor, identifier, purpose);
  }

  download(actor: Actor, identifier: string, purpose: string): Promise<LicenceView> {
    return downloadLicence(this.ctx, actor, identifier, purpose);
  }

  annotatedCopy(
    actor: Actor,
    identifier: string,
    request: AnnotatedCopyRequest,
    make: AnnotatedCopyMaker,
  ): Promise<AnnotatedCopy> {
    return annotatedCopy(this.ctx, actor, identifier, request, make);
  }

  history(
    actor: Actor,
    identifier: string,
    purpose: string,
  ): Promise<{ versions: LicenceView[]; transitions: LicenceTransition[] }> {
    return licenceHistory(this.ctx, actor, identifier, purpose);
  }

  list(
    actor: Actor,
    q: Omit<LicenceQuery, "holderCode">,
    purpose: string,
  ): Promise<{ items: LicenceView[]; next?: string }> {
    return listLicences(this.ctx, actor, q, purpose);
  }

  /** Normalises and validates a holder code from a URL or body; errors name `field` (licence-access.ts). */
  holderCode(raw: string, field: string): { code: string; codeType: "111" | "001" } {
    return holderCodeOf(raw, field, this.ctx.clock());
  }

  lookupHolder(
    actor: Actor,
    rawCode: string,
    purpose: string,
  ): Promise<{ holderCode: string; licences: LicenceView[] }> {
    return lookupHolder(this.ctx, actor, rawCode, purpose);
  }

  accessLog(actor: Actor, rawCode: string, limit: number, purpose: string): Promise<AuditEvent[]> {
    return holderAccessLog(this.ctx, actor, rawCode, limit, purpose);
  }

  checkMaterials(
    actor: Actor,
    input: { holderCode: string; purpose: string; required: string[]; serviceItem?: string },
  ): Promise<{ holderCode: string; results: MaterialResult[]; exemptCount: number }> {
    return checkMaterials(this.ctx, actor, input);
  }

  // ---- background sealing (seal-pending.ts) ------------------------------------------------------------------

  /**
   * Seals licence versions stored without a document (bulk conversion stores first and seals in the background);
   * returns how many were sealed. A version that fails is recorded and parked or retried later, never blocking the
   * others.
   */
  async sealPending(limit = 50): Promise<number> {
    return (await this.sealRound(limit)).sealed;
  }

  /** sealPending with the versions that failed this round (what `elicence serve` logs). */
  async sealRound(limit = 50): Promise<SealRound> {
    const { sealer, store, clock } = this.ctx;
    if (!sealer) return { sealed: 0, failed: [] };
    return sealRound({ store, sealer, clock }, limit);
  }
}
