// What background sealing does with a version it cannot seal (issue 11): one bad record at the head of the queue must
// never stop the others, nor be retried and logged every 5 s for ever. A failure is told apart first:
// - the record's own, for good (a character no font draws, a value the layout cannot place): parked at once;
// - the record's, perhaps passing (a department seal revoked, an unknown error): tried again with back-off, parked
//   after PARK_AFTER_ATTEMPTS;
// - the machine's (disk, key store, TSA, the font files, the store): no record is blamed, the round stops and the
//   next round tries again, as before.
// A parked version is skipped by Store.findUnsealed, shown with its reason in the licence's view, counted by /metrics
// and the readiness check "sealing", and logged once. Amend and renew replace it; a restart of `elicence serve`
// unparks every parked version once (a fallback font or a new seal certificate needs a restart to take effect).
import { RENDER_ERROR_CODES } from "@elicence/signer/errors";
import type { LicenceRecord, SealingState } from "../domain/licence.js";
import { DETAIL_CODES } from "../errors.js";
import { StoreError } from "../store/store-error.js";

/** Audit action of a failed sealing attempt (the version's sealing state changed). */
export const SEAL_FAILED_ACTION = "licence.seal-failed";
/** Audit action of a parked version made eligible for sealing again. */
export const SEAL_UNPARKED_ACTION = "licence.seal-unparked";

/** Attempts before a failure that may pass parks the version. */
export const PARK_AFTER_ATTEMPTS = 5;
/** Wait before the second attempt; each later wait is 4× the one before (30 s, 2 min, 8 min, 32 min, then parked). */
export const FIRST_RETRY_MS = 30_000;

export type FailureKind = "record" | "retry" | "environment";

export interface SealFailure {
  kind: FailureKind;
  code: string;
  /** Safe to show and log: names fields and code points, never a value. */
  message: string;
}

/** Render failures that depend only on the record's values: sealing it again gives the same answer. */
const DETERMINISTIC_RENDER = new Set([
  "SIG_RENDER_GLYPH_MISSING",
  "SIG_RENDER_FIELD_MISSING",
  "SIG_RENDER_TEXT_OVERFLOW",
  "SIG_RENDER_QR_TOO_LONG",
  "SIG_QR_CLAIMS_INVALID",
]);

/** Codes of the machine, not of a record: the store, files, keys, the TSA, the fonts, a closed pool. */
const ENVIRONMENT_PREFIXES = ["SIG_KEY_", "SIG_PKCS11_", "SIG_TSA_"];
const ENVIRONMENT_CODES = new Set([
  "SIG_RENDER_FONT_UNAVAILABLE",
  "SIG_POOL_CLOSED",
  "SIG_POOL_START_FAILED",
  "REG_INTERNAL",
]);

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function isEnvironment(e: unknown): boolean {
  // A system error (ENOSPC, EIO, EACCES, ECONNREFUSED …) anywhere in the cause chain: the machine, not the record.
  for (let cur = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    if (cur instanceof StoreError) return true;
    const code = codeOf(cur);
    if (code === undefined) continue;
    if (/^E[A-Z0-9_]+$/u.test(code)) return true;
    if (ENVIRONMENT_CODES.has(code) || ENVIRONMENT_PREFIXES.some((p) => code.startsWith(p))) return true;
  }
  return false;
}

/** Sorts a sealing error out (see the top of this file); the message is built here, never copied from the error. */
export function classifySealFailure(e: unknown): SealFailure {
  const code = codeOf(e);
  if (isEnvironment(e))
    return { kind: "environment", code: code ?? "REG_SEAL_FAILED", message: DETAIL_CODES.REG_SEAL_FAILED };
  // RegistryDocumentSealer turns a missing glyph into REG_BAD_REQUEST with REG_FIELD_UNPRINTABLE details naming the
  // field and code points only.
  const details = (e as { details?: unknown } | null)?.details;
  const unprintable = Array.isArray(details)
    ? (details as { code?: unknown; message?: unknown }[]).filter((d) => d.code === "REG_FIELD_UNPRINTABLE")
    : [];
  if (unprintable.length > 0)
    return {
      kind: "record",
      code: "REG_FIELD_UNPRINTABLE",
      message: unprintable.map((d) => String(d.message)).join("; "),
    };
  if (code !== undefined && DETERMINISTIC_RENDER.has(code))
    return {
      kind: "record",
      code,
      message: RENDER_ERROR_CODES[code as keyof typeof RENDER_ERROR_CODES] ?? DETAIL_CODES.REG_SEAL_FAILED,
    };
  if (code === "REG_SEAL_UNAVAILABLE")
    return {
      kind: "retry",
      code,
      message:
        "the department's e-seal cannot be used (revoked or missing): an administrator issues a new seal certificate, then restarts elicence serve",
    };
  const name = e instanceof Error ? e.name : typeof e;
  return {
    kind: "retry",
    code: "REG_SEAL_FAILED",
    message: `sealing failed with ${name}${code ? ` ${code}` : ""}; the registry log names the licence version`,
  };
}

/** Back-off before attempt `attempts + 1`. */
function retryDelayMs(attempts: number): number {
  return FIRST_RETRY_MS * 4 ** Math.max(0, attempts - 1);
}

/** The version after a failed attempt: attempts counted, the reason kept, a retry time or parked. */
export function afterFailure(rec: LicenceRecord, failure: SealFailure, now: Date): LicenceRecord {
  const attempts = (rec.sealing?.attempts ?? 0) + 1;
  const at = now.toISOString();
  const park = failure.kind === "record" || attempts >= PARK_AFTER_ATTEMPTS;
  const sealing: SealingState = {
    attempts,
    lastError: { code: failure.code, message: failure.message },
    lastAttemptAt: at,
    ...(park
      ? { parkedAt: at }
      : { retryAt: new Date(now.getTime() + retryDelayMs(attempts)).toISOString() }),
  };
  return { ...rec, sealing, updatedAt: at, revision: rec.revision + 1 };
}

/** The version made eligible again: attempts start over (the reason stays in the audit log). */
export function unparked(rec: LicenceRecord, now: Date): LicenceRecord {
  const { sealing: _dropped, ...rest } = rec;
  return { ...rest, updatedAt: now.toISOString(), revision: rec.revision + 1 };
}

/** A version's document as the API shows it. */
export interface DocumentState {
  /** sealed; pending (waiting for background sealing); retrying (failed, tried again at retryAt); parked (gave up). */
  state: "sealed" | "pending" | "retrying" | "parked";
  attempts?: number;
  reason?: { code: string; message: string };
  retryAt?: string;
  parkedAt?: string;
}

export function documentState(rec: LicenceRecord): DocumentState {
  if (rec.documentSha256 !== null) return { state: "sealed" };
  const s = rec.sealing;
  if (!s) return { state: "pending" };
  return {
    state: s.parkedAt !== undefined ? "parked" : "retrying",
    attempts: s.attempts,
    reason: { ...s.lastError },
    ...(s.retryAt !== undefined ? { retryAt: s.retryAt } : {}),
    ...(s.parkedAt !== undefined ? { parkedAt: s.parkedAt } : {}),
  };
}
