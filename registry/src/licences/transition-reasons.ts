// How a coded reason and its internal note are kept: in the transition's one reason column, as "<code>" or
// "<code>: <note>" (no store migration; codes never contain ": "). What leaves the registry is decided here: the public
// status gets the code only, clerks get the code only, issuers and auditors get the code and the note.
import { RegistryError, type ErrorDetail } from "../errors.js";
import type { LicenceTransition } from "../domain/licence.js";
import { isReasonCode, REASON_CODES, type ReasonCode } from "@elicence/core";
import type { Actor } from "./licence-context.js";

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

/**
 * The registry's own words for a transition (what issue and expiry record): no one typed them, so anyone may read them.
 * Everything else that is not a coded reason was typed by an issuer: an amend or renew reason, or a suspension or
 * revocation recorded before reasons were codes.
 */
const REGISTRY_WORDS = /^(issue|validity ended ?(\d{4}-\d{2}-\d{2})?)$/u;

/**
 * A transition as `actor` may see it in a licence's history: the internal note only for issuers and auditors. Roles
 * that get codes only (clerks, who see holders masked) never get typed words either: an amend reason such as
 * "法定代表人由张三变更为李四" would unmask what the licence view masks, and a legacy free-text revocation reason is
 * exactly the internal note the codes replaced. They get the code the words stand for (publicReasonCode: the code
 * whose Chinese words they are exactly, otherwise "other").
 */
export function transitionFor(t: LicenceTransition, actor: Actor): LicenceTransition & { note?: string } {
  const seesNote = actor.role === "issuer" || actor.role === "auditor" || actor.role === "system";
  const parsed = parseStoredReason(t.reason);
  if (!parsed) {
    if (seesNote || REGISTRY_WORDS.test(t.reason)) return t;
    return { ...t, reason: publicReasonCode(t.reason) ?? "other" };
  }
  return {
    ...t,
    reason: parsed.code,
    ...(seesNote && parsed.note !== null ? { note: parsed.note } : {}),
  };
}
