// How a coded reason and its internal note are kept: in the transition's one reason column, as "<code>" or
// "<code>: <note>" (no store migration; codes never contain ": "). What leaves the registry is decided here: the public
// status gets the code only, clerks get the code only, issuers and auditors get the code and the note.
import { RegistryError, type ErrorDetail } from "../errors.js";
import type { LicenceTransition } from "../domain/licence.js";
import { isReasonCode, REASON_CODES, type ReasonCode } from "./reason-codes.js";
import type { Actor } from "./licence-service.js";

export const NOTE_MAX = 500;
const SEPARATOR = ": ";

/** The stored reason of a coded transition request; every problem at once (422). */
export function codedReason(input: { reason?: unknown; note?: unknown }): string {
  const details: ErrorDetail[] = [];
  const code = typeof input.reason === "string" ? input.reason.trim() : "";
  if (!isReasonCode(code))
    details.push({
      field: "reason",
      code: code.length === 0 ? "REG_REASON_REQUIRED" : "REG_REASON_CODE_UNKNOWN",
      message: `reason must be one of ${Object.keys(REASON_CODES).join(", ")}; free words go in note (never public)`,
    });
  const note = typeof input.note === "string" ? input.note.trim() : "";
  if (input.note !== undefined && typeof input.note !== "string")
    details.push({ field: "note", code: "REG_FIELD_FORMAT", message: "note is text" });
  if (note.length > NOTE_MAX)
    details.push({ field: "note", code: "REG_NOTE_TOO_LONG", message: `at most ${NOTE_MAX} characters` });
  if (details.length > 0) throw new RegistryError("REG_VALIDATION_FAILED", undefined, details);
  return note.length > 0 ? `${code}${SEPARATOR}${note}` : code;
}

/** The code and note of a stored reason, or null when it is not a coded reason (issue, amend, renew, expiry, legacy). */
export function parseStoredReason(stored: string): { code: ReasonCode; note: string | null } | null {
  const at = stored.indexOf(SEPARATOR);
  const code = at < 0 ? stored : stored.slice(0, at);
  if (!isReasonCode(code)) return null;
  return { code, note: at < 0 ? null : stored.slice(at + SEPARATOR.length) };
}

/**
 * The reason a public answer may carry: the code of a coded reason; for a free-text reason recorded before codes
 * existed, the code whose Chinese words it is exactly (e.g. "依法吊销"), otherwise "other" — never the text itself.
 */
export function publicReasonCode(stored: string | null): ReasonCode | null {
  if (stored === null) return null;
  const parsed = parseStoredReason(stored);
  if (parsed) return parsed.code;
  const legacy = (Object.keys(REASON_CODES) as ReasonCode[]).find(
    (c) => REASON_CODES[c].zh === stored.trim(),
  );
  return legacy ?? "other";
}

/** A transition as `actor` may see it in a licence's history: the internal note only for issuers and auditors. */
export function transitionFor(t: LicenceTransition, actor: Actor): LicenceTransition & { note?: string } {
  const parsed = parseStoredReason(t.reason);
  if (!parsed) return t;
  const seesNote = actor.role === "issuer" || actor.role === "auditor" || actor.role === "system";
  return {
    ...t,
    reason: parsed.code,
    ...(seesNote && parsed.note !== null ? { note: parsed.note } : {}),
  };
}
