// Use case: an annotated copy (加注件) of a currently valid licence — the sealed document with a note (purpose and
// period) signed into it, handed out like a download: logged with the purpose and the period, and the seal's use
// written to the seal-usage ledger, before it is returned.
import { LicenceState } from "../domain/states.js";
import type { LicenceRecord } from "../domain/licence.js";
import { RegistryError, type ErrorDetail } from "../errors.js";
import { addDays, isIsoDate } from "@elicence/core";
import { requirePurpose } from "../domain/purpose.js";
import { standing, supersededWording } from "./in-force.js";
import { readableLicence } from "./licence-access.js";
import type { Actor, LicenceContext } from "./licence-context.js";
import { describeState } from "./lifecycle.js";
import { ANNOTATED_COPY_ACTION } from "./read-licences.js";
import { calendarDateProblem } from "./rules/validity.js";

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

/** Default period of an annotated copy (never past the licence's own end); the longest is a year (addYear). */
export const ANNOTATION_DEFAULT_DAYS = 30;

function addYear(date: string): string {
  const [y, m, d] = date.split("-");
  // 29 February + 1 year is 28 February.
  const next = `${Number(y) + 1}-${m}-${d}`;
  return isIsoDate(next) ? next : `${Number(y) + 1}-${m}-28`;
}

/**
 * An annotated copy of a currently valid licence for a stated purpose, usable until `validUntil` (default
 * today + 30 days, at most a year, never after the licence's own end). Every problem with the request at once (400),
 * then 409 for a licence that is not valid or not yet sealed. `make` signs the note into the stored document; the
 * copy is logged like a download, with the purpose and the period, before it is returned.
 */
export async function annotatedCopy(
  ctx: LicenceContext,
  actor: Actor,
  identifier: string,
  request: AnnotatedCopyRequest,
  make: AnnotatedCopyMaker,
): Promise<AnnotatedCopy> {
  const rec = await readableLicence(ctx, actor, identifier);
  const today = ctx.today();
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
  let validUntil = "";
  const notADate =
    request.validUntil === undefined || request.validUntil === null
      ? null
      : calendarDateProblem("validUntil", request.validUntil);
  if (request.validUntil === undefined || request.validUntil === null) {
    const byDefault = addDays(today, ANNOTATION_DEFAULT_DAYS);
    validUntil = rec.validUntil !== null && rec.validUntil < byDefault ? rec.validUntil : byDefault;
  } else if (notADate) details.push(notADate);
  else {
    validUntil = request.validUntil as string;
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
          ? supersededWording(rec)
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
  const written = await ctx.store.apply({
    audit: [
      ctx.audit(actor, ANNOTATED_COPY_ACTION, rec.identifier, rec.holder.code, purpose, {
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
        at: ctx.clock().toISOString(),
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
    typeName: ctx.catalogue.get(rec.typeCode)?.name.zh ?? rec.typeCode,
    madeOn: ctx.today(),
    purpose,
    validUntil,
    bytes: copy.bytes,
    sha256: copy.sha256,
  };
}
