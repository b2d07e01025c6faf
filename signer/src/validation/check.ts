// Builds check fragments: every check has a fixed category, and its message always comes from the reason catalogue.
import { FormatProblem } from "./limits.js";
import { messageOf, type ReasonCode } from "./reason-codes.js";
import type { Check, CheckCategory, CheckName, CheckStatus } from "./types.js";

export const CATEGORY: Readonly<Record<CheckName, CheckCategory>> = {
  size: "format",
  structure: "format",
  "signature-dictionary": "format",
  "byte-range": "integrity",
  revisions: "integrity",
  docmdp: "integrity",
  "cms-digest": "signature",
  "cms-signature": "signature",
  "signing-certificate": "signature",
  chain: "trust",
  "trust-list": "trust",
  "seal-issuer": "trust",
  timestamp: "timestamp",
  revocation: "revocation",
  // An expired note is the one "usage" result of this check (see checks/annotation.ts).
  annotation: "signature",
  "licence-status": "registry",
  "document-hash": "registry",
};

export function fragment(
  name: CheckName,
  status: CheckStatus,
  code: ReasonCode,
  data?: unknown,
  category: CheckCategory = CATEGORY[name],
): Check {
  return {
    name,
    category,
    status,
    reason: { code, message: messageOf(code) },
    ...(data !== undefined ? { data } : {}),
  };
}

export const valid = (name: CheckName, code: ReasonCode, data?: unknown): Check =>
  fragment(name, "VALID", code, data);
export const invalid = (name: CheckName, code: ReasonCode, data?: unknown): Check =>
  fragment(name, "INVALID", code, data);
export const skipped = (name: CheckName, code: ReasonCode = "VER_PDF_NOT_CHECKED", data?: unknown): Check =>
  fragment(name, "SKIPPED", code, data);

/** Limits that stop the whole validation rather than fail one check. */
const RESOURCE_CODES = new Set<ReasonCode>(["VER_PDF_TIME_LIMIT", "VER_PDF_MEMORY_LIMIT"]);

export function isResourceProblem(e: unknown): e is FormatProblem {
  return e instanceof FormatProblem && RESOURCE_CODES.has(e.code);
}

/**
 * A thrown FormatProblem becomes an INVALID fragment with its code (ERROR for a resource limit); anything else is an
 * internal error and becomes ERROR with VER_PDF_CHECK_FAILED. Resource limits are re-thrown so the caller stops.
 */
export function fromError(name: CheckName, e: unknown): Check {
  if (isResourceProblem(e)) throw e;
  if (e instanceof FormatProblem) return fragment(name, "INVALID", e.code, { detail: e.message });
  return fragment(name, "ERROR", "VER_PDF_CHECK_FAILED", {
    detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
  });
}
