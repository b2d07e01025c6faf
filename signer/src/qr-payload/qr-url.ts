// The QR code's text: a verifier-web URL whose fragment (never sent to a server) carries the signed payload.
//   format 2 (written now):  <base>/v#<type code>.<serial>.<version>.<base32 of the COSE_Sign1, untagged>
//   format 1 (still read):   <base>/v#<base32 or base64url of the COSE_Sign1, tagged>
// Everything after the scheme is in the QR alphanumeric set (5.5 bits a character; byte mode costs 8) except "/v#"
// and the scheme, which stay lower case: phones' scanners look for "https://", and the page's path is /v. The host is
// written in upper case (host names are case-insensitive; browsers lower-case them). Format 2 writes the identifier
// as text (5.5 bits a character where CBOR inside base32 costs 8.8) and leaves out its root, its issuer (the
// department of the seal the kid names) and its check character (it follows from the rest): with base32 (RFC 4648)
// for the bytes, the longest catalogue record with a 27-character https host fits QR version 10 at level M
// (`npm run bench -- qr`). The COSE_Sign1 signs the whole identifier as external_aad, so nothing written here is
// unsigned, and a seal of another department cannot sign for the issuer.
import { fromBase32, fromBase64Url, toBase32, toBase64Url } from "../trust-list/bytes.js";
import { COSE_HEADER, decodeCoseSign1, encodeCoseSign1, MAX_COSE_BYTES } from "./cose-sign1.js";
import { isIdentifierWithoutIssuer } from "./licence-identifier-parts.js";

export type QrFragmentEncoding = "base32" | "base64url";

/** Scheme in lower case, host (without user info) in upper case, path as given, no trailing slash. */
export function qrBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/u, "");
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/u.exec(trimmed);
  if (!m || (m[2] ?? "").includes("@")) return trimmed;
  return `${(m[1] ?? "").toLowerCase()}://${(m[2] ?? "").toUpperCase()}${m[3] ?? ""}`;
}

/**
 * What the QR code carries of a COSE_Sign1 from encodeQrPayload: for format 2, the identifier text and the structure
 * without it (the bytes the QR code holds); for format 1 (or bytes that are not ours), the bytes as they are.
 */
export function qrWireForm(cose: Uint8Array): { identifierWithoutIssuer: string | null; cose: Uint8Array } {
  const decoded = decodeCoseSign1(cose);
  if (!decoded.ok) return { identifierWithoutIssuer: null, cose };
  const { unprotectedHeader, protectedBytes, payload, signature, tagged } = decoded.value;
  const text = unprotectedHeader.get(COSE_HEADER.identifierWithoutIssuer);
  if (typeof text !== "string" || !isIdentifierWithoutIssuer(text))
    return { identifierWithoutIssuer: null, cose };
  const rest = new Map(unprotectedHeader);
  rest.delete(COSE_HEADER.identifierWithoutIssuer);
  return {
    identifierWithoutIssuer: text,
    cose: encodeCoseSign1(protectedBytes, payload, signature, { tagged, unprotected: rest }),
  };
}

/** The QR text for a COSE_Sign1 from encodeQrPayload: `${baseUrl}/v#…` (see above); a trailing slash is dropped. */
export function qrUrl(baseUrl: string, cose: Uint8Array, encoding: QrFragmentEncoding = "base32"): string {
  const wire = qrWireForm(cose);
  const bytes = encoding === "base32" ? toBase32(wire.cose) : toBase64Url(wire.cose);
  const fragment = wire.identifierWithoutIssuer ? `${wire.identifierWithoutIssuer}.${bytes}` : bytes;
  return `${qrBaseUrl(baseUrl)}/v#${fragment}`;
}

export type ParsedQrText =
  /** `cose`: a COSE_Sign1 for verifyQrPayload; for format 2, with the identifier text back in its unprotected header. */
  | { ok: true; cose: Uint8Array }
  /** `reason` is a VER_QR_ code; a legacy `/v/<token>` link gives its token for a live status call. */
  | { ok: false; reason: "VER_QR_MALFORMED" | "VER_QR_LEGACY_LINK"; token?: string };

const BASE32 = /^[A-Z2-7]+$/u;
const B64URL = /^[A-Za-z0-9_-]+$/u;
/** Format 2: three identifier parts and the bytes (base64url too, for symmetry with format 1). */
const COMPACT = /^([0-9A-Z]+\.[0-9A-Z]+\.\d+)\.([A-Za-z0-9_-]+)$/u;
const LEGACY = /\/v\/([A-Za-z0-9_-]{16,64})\/?$/u;
const MAX_TEXT = Math.ceil((MAX_COSE_BYTES * 8) / 5) + 512;

function bytesOf(text: string): Uint8Array | null {
  return BASE32.test(text) ? fromBase32(text) : B64URL.test(text) ? fromBase64Url(text) : null;
}

/** A format 2 fragment as a self-contained COSE_Sign1 (the identifier text in its unprotected header). */
function compactCose(identifierText: string, encoded: string): Uint8Array | null {
  if (!isIdentifierWithoutIssuer(identifierText)) return null;
  const bytes = bytesOf(encoded);
  const decoded = bytes && bytes.length > 0 ? decodeCoseSign1(bytes) : null;
  if (!decoded?.ok || decoded.value.unprotectedHeader.has(COSE_HEADER.identifierWithoutIssuer)) return null;
  const { protectedBytes, payload, signature, tagged, unprotectedHeader } = decoded.value;
  const unprotected = new Map(unprotectedHeader);
  unprotected.set(COSE_HEADER.identifierWithoutIssuer, identifierText);
  return encodeCoseSign1(protectedBytes, payload, signature, { tagged, unprotected });
}

/**
 * The COSE_Sign1 of a QR text: the whole URL (any origin: the signature, not the host, is what counts), `#fragment`
 * or the bare fragment, in either format. Base32 and base64url cannot be confused: a COSE_Sign1 starts with byte
 * 0xd2 (tag 18) or 0x84 (array), which base64url writes as "0" or "h", characters base32 does not have.
 */
export function parseQrText(text: string): ParsedQrText {
  const t = text.trim();
  if (t.length === 0 || t.length > MAX_TEXT) return { ok: false, reason: "VER_QR_MALFORMED" };
  const hash = t.indexOf("#");
  let fragment: string;
  if (hash >= 0) fragment = t.slice(hash + 1);
  else if (B64URL.test(t) || COMPACT.test(t)) fragment = t;
  else {
    const legacy = LEGACY.exec(t.split("?")[0] ?? "");
    return legacy?.[1]
      ? { ok: false, reason: "VER_QR_LEGACY_LINK", token: legacy[1] }
      : { ok: false, reason: "VER_QR_MALFORMED" };
  }
  const compact = COMPACT.exec(fragment);
  const cose = compact ? compactCose(compact[1] ?? "", compact[2] ?? "") : bytesOf(fragment);
  return cose && cose.length > 0 ? { ok: true, cose } : { ok: false, reason: "VER_QR_MALFORMED" };
}
