// Use case: read licences — one version, its history, a download, a list, a holder's current licences, a holder's
// access log. Every read of personal data names a purpose and is logged before anything is returned; a licence the
// reader may not read is answered as not found (licence-access.ts).
import type { AuditEvent } from "../domain/audit-event.js";
import type { LicenceTransition } from "../domain/licence.js";
import type { LicenceQuery } from "../store/store.js";
import { AUDIT_READ_ACTION } from "../audit/audit-read-events.js";
import { isCurrentVersion } from "./in-force.js";
import { holderCodeOf, readableLicence } from "./licence-access.js";
import type { Actor, LicenceContext } from "./licence-context.js";
import type { LicenceView } from "./licence-view.js";
import { listReadEvents } from "./list-read-events.js";
import { transitionFor } from "./transition-reasons.js";

/** Audit action of an annotated copy handed out (a download of the document, with its own purpose and period). */
export const ANNOTATED_COPY_ACTION = "licence.annotated-copy";

/** The reads a holder's access log shows. */
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

export async function getLicence(
  ctx: LicenceContext,
  actor: Actor,
  identifier: string,
  purpose: string | null,
): Promise<LicenceView> {
  const rec = await readableLicence(ctx, actor, identifier);
  await ctx.logRead(actor, "licence.read", rec.identifier, rec.holder.code, purpose);
  ctx.events.onLookup?.("licence");
  return ctx.view(rec, actor);
}

/** The licence a download is for, after logging the download with its purpose. */
export async function downloadLicence(
  ctx: LicenceContext,
  actor: Actor,
  identifier: string,
  purpose: string,
): Promise<LicenceView> {
  const rec = await readableLicence(ctx, actor, identifier);
  await ctx.logRead(actor, "licence.download", rec.identifier, rec.holder.code, purpose, {
    documentSha256: rec.documentSha256,
  });
  return ctx.view(rec, actor);
}

export async function licenceHistory(
  ctx: LicenceContext,
  actor: Actor,
  identifier: string,
  purpose: string,
): Promise<{ versions: LicenceView[]; transitions: LicenceTransition[] }> {
  const rec = await readableLicence(ctx, actor, identifier);
  const [versions, transitions] = await Promise.all([
    ctx.store.lineage(rec.lineage),
    ctx.store.transitions(rec.lineage),
  ]);
  await ctx.logRead(actor, "licence.history", rec.identifier, rec.holder.code, purpose);
  return {
    versions: versions.map((v) => ctx.view(v, actor)),
    transitions: transitions.map((t) => transitionFor(t, actor)),
  };
}

export async function listLicences(
  ctx: LicenceContext,
  actor: Actor,
  q: Omit<LicenceQuery, "holderCode">,
  purpose: string,
): Promise<{ items: LicenceView[]; next?: string }> {
  const query: LicenceQuery = { ...q };
  if (actor.role === "issuer") query.issuerCode = actor.department ?? "-";
  const page = await ctx.store.listLicences(query);
  // One event per licence listed, so that every holder on the page sees the read in their access log.
  await ctx.logReads(listReadEvents(actor, page.items, query, purpose, ctx.clock()));
  return { items: page.items.map((r) => ctx.view(r, actor)), ...(page.next ? { next: page.next } : {}) };
}

/** The holder's current licences (superseded versions left out), for a stated purpose; the access is logged. */
export async function lookupHolder(
  ctx: LicenceContext,
  actor: Actor,
  rawCode: string,
  purpose: string,
): Promise<{ holderCode: string; licences: LicenceView[] }> {
  const holder = holderCodeOf(rawCode, "code", ctx.clock());
  const code = holder.code;
  const all = await ctx.store.licencesByHolder(code);
  const today = ctx.today();
  // The version in force today: a renewal made in advance shows only from its validFrom, its predecessor until then.
  const current = all.filter(
    (r) => isCurrentVersion(r, today) && ctx.catalogue.get(r.typeCode) !== undefined,
  );
  await ctx.logRead(actor, "holder.lookup", code, code, purpose, { count: current.length });
  ctx.events.onLookup?.("holder");
  return { holderCode: ctx.shownCode(holder, actor), licences: current.map((r) => ctx.view(r, actor)) };
}

export async function holderAccessLog(
  ctx: LicenceContext,
  actor: Actor,
  rawCode: string,
  limit: number,
  purpose: string,
): Promise<AuditEvent[]> {
  const { code } = holderCodeOf(rawCode, "code", ctx.clock());
  const events = await ctx.store.auditByHolder(code, limit);
  await ctx.logRead(actor, "holder.access-log", code, code, purpose);
  return events.filter((e) => READ_ACTIONS.has(e.action));
}
