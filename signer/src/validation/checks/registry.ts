// The registry's word on the licence the PDF names: its current state (valid, expired, superseded, …) and whether
// this file is byte for byte the document it issued (SHA-256 against the stored document hash), or that document
// with a verified annotation appended.
import { fragment, invalid, skipped, valid } from "../check.js";
import type { ReasonCode } from "../reason-codes.js";
import type { Check, LiveStatus, LiveStatusPort } from "../types.js";

const STATE_CODES: Readonly<Record<string, ReasonCode>> = {
  "01": "VER_PDF_LICENCE_CURRENT",
  "02": "VER_PDF_LICENCE_SUSPENDED",
  "03": "VER_PDF_LICENCE_CANCELLED",
  "04": "VER_PDF_LICENCE_DEREGISTERED",
  "05": "VER_PDF_LICENCE_EXPIRED",
  "06": "VER_PDF_LICENCE_TRANSFERRED_OUT",
  "07": "VER_PDF_LICENCE_REVOKED",
};

async function lookup(
  port: LiveStatusPort,
  identifier: string,
  timeoutMs: number,
): Promise<LiveStatus | null | "error"> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      port(identifier),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
  } catch {
    return "error";
  } finally {
    clearTimeout(timer);
  }
}

export async function checkRegistry(
  identifier: string | undefined,
  sha256: string | undefined,
  port: LiveStatusPort | undefined,
  timeoutMs = 5000,
  /** An annotated copy's document before the annotation (see PdfAnalysis.originalSha256). */
  originalSha256: readonly string[] = [],
): Promise<[Check, Check]> {
  if (!port)
    return [
      skipped("licence-status", "VER_PDF_LIVE_STATUS_NOT_REQUESTED"),
      skipped("document-hash", "VER_PDF_LIVE_STATUS_NOT_REQUESTED"),
    ];
  if (!identifier)
    return [fragment("licence-status", "ERROR", "VER_PDF_IDENTIFIER_MISSING"), skipped("document-hash")];
  const status = await lookup(port, identifier, timeoutMs);
  if (status === "error")
    return [fragment("licence-status", "ERROR", "VER_PDF_LIVE_STATUS_UNAVAILABLE"), skipped("document-hash")];
  if (status === null)
    return [invalid("licence-status", "VER_PDF_LICENCE_UNKNOWN", { identifier }), skipped("document-hash")];
  const data = {
    identifier,
    state: status.state,
    validUntil: status.validUntil,
    supersededBy: status.supersededBy,
  };
  const code: ReasonCode = status.supersededBy
    ? "VER_PDF_LICENCE_SUPERSEDED"
    : status.notYetInForce
      ? "VER_PDF_LICENCE_NOT_YET_IN_FORCE"
      : (STATE_CODES[status.state] ?? "VER_PDF_LICENCE_NOT_CURRENT");
  const state =
    code === "VER_PDF_LICENCE_CURRENT"
      ? valid("licence-status", code, data)
      : invalid("licence-status", code, data);
  const stored = status.documentSha256?.toLowerCase() ?? null;
  const hash =
    stored === null
      ? fragment("document-hash", "ERROR", "VER_PDF_DOCUMENT_HASH_NOT_RECORDED")
      : stored === sha256
        ? valid("document-hash", "VER_PDF_DOCUMENT_HASH_MATCHES", { sha256 })
        : originalSha256.includes(stored)
          ? valid("document-hash", "VER_PDF_DOCUMENT_HASH_MATCHES_ORIGINAL", { sha256, original: stored })
          : invalid("document-hash", "VER_PDF_DOCUMENT_HASH_MISMATCH", { sha256, registered: stored });
  return [state, hash];
}
