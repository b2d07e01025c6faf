// Rules: which licence an identifier names and whether the actor may have it — "not found or not yours" — and the
// holder code a request names. One home, so that every route answers a malformed identifier, an unknown licence and
// somebody else's licence the same way.
// - A malformed licence identifier or holder code (in a URL or a body) gets the identifier's own error with its
//   did-you-mean: 422 REG_VALIDATION_FAILED, a detail per problem naming the field. It is judged from the text alone,
//   so it tells nothing about the register.
// - To read, a licence the actor may not read is answered exactly like one that does not exist (404): a clerk or a
//   holder learns nothing about licences that are not theirs.
// - To change, an existing licence of another department is a 403 naming its issuer: issuers read their own
//   department's licences only, but a change is refused with the reason so that it can be passed on.
import type { LicenceRecord } from "../domain/licence.js";
import { RegistryError, type ErrorDetail } from "../errors.js";
import { parseHolderCode, parseLicenceIdentifier, type IdProblem } from "@elicence/core";
import { isSuperseded } from "./in-force.js";
import type { Actor, LicenceContext } from "./licence-context.js";

/** What the HTTP schemas accept for a holder code and a licence identifier; the identifiers judge the rest. */
export const HOLDER_CODE_SCHEMA_MAX_LENGTH = 64;
export const LICENCE_IDENTIFIER_SCHEMA_MAX_LENGTH = 200;

/** An identifier's problems as error details naming `field`, with the did-you-mean (one suggestion or candidates). */
export function detailsOf(problems: readonly IdProblem[], field: string): ErrorDetail[] {
  return problems.map((p) => ({
    field,
    code: p.code,
    message: p.message,
    ...(p.suggestion ? { suggestion: p.suggestion } : {}),
    ...(p.candidates ? { candidates: p.candidates } : {}),
  }));
}

/** The problems of a licence identifier, or its normalised form. */
export function licenceIdentifierCheck(
  raw: string,
  field: string,
): { ok: true; identifier: string } | { ok: false; details: ErrorDetail[] } {
  const parsed = parseLicenceIdentifier(raw);
  return parsed.ok
    ? { ok: true, identifier: parsed.value.identifier }
    : { ok: false, details: detailsOf(parsed.errors, field) };
}

/** A licence identifier from a URL or body, normalised; a malformed one throws 422 with its did-you-mean. */
export function licenceIdentifierOf(raw: string, field = "identifier"): string {
  const check = licenceIdentifierCheck(raw, field);
  if (!check.ok) throw new RegistryError("REG_VALIDATION_FAILED", undefined, check.details);
  return check.identifier;
}

/** Normalises and validates a holder code from a URL or body; errors name `field`. */
export function holderCodeOf(
  raw: string,
  field: string,
  now: Date,
): { code: string; codeType: "111" | "001" } {
  const parsed = parseHolderCode(raw, { now });
  if (!parsed.ok)
    throw new RegistryError("REG_VALIDATION_FAILED", undefined, detailsOf(parsed.errors, field));
  return { code: parsed.value.code, codeType: parsed.value.codeType };
}

/** Whether `actor` may read `rec` (reads of personal data; the status routes are public and do not ask). */
export function mayRead(actor: Actor, rec: LicenceRecord, today: string): boolean {
  if (actor.role === "issuer") return rec.issuer.code === actor.department;
  // Deny by default: their own current versions only (what their licence list shows), never a superseded one.
  if (actor.role === "holder")
    return (
      actor.holderCode !== undefined && rec.holder.code === actor.holderCode && !isSuperseded(rec, today)
    );
  return actor.role === "auditor" || actor.role === "clerk" || actor.role === "system";
}

/** The identifier `raw` names (422 when malformed) and the licence stored under it, if any. */
async function lookUp(ctx: LicenceContext, raw: string) {
  const identifier = licenceIdentifierOf(raw);
  return { identifier, rec: await ctx.store.getLicence(identifier) };
}

/** The licence `rawIdentifier` names, if `actor` may read it; "not found" otherwise, whichever the reason. */
export async function readableLicence(
  ctx: LicenceContext,
  actor: Actor,
  rawIdentifier: string,
): Promise<LicenceRecord> {
  const { identifier, rec } = await lookUp(ctx, rawIdentifier);
  if (!rec || !mayRead(actor, rec, ctx.today()))
    throw new RegistryError(
      "REG_LICENCE_NOT_FOUND",
      `No licence has the identifier ${identifier} that you may read.`,
    );
  return rec;
}

/** The licence `rawIdentifier` names, if `actor` may change it: only the issuing department (or the system). */
export async function changeableLicence(
  ctx: LicenceContext,
  actor: Actor,
  rawIdentifier: string,
): Promise<LicenceRecord> {
  const { identifier, rec } = await lookUp(ctx, rawIdentifier);
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
