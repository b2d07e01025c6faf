// The QR code's text: a verifier-web URL whose fragment (never sent to a server) carries the COSE_Sign1 bytes.
// The fragment is RFC 4648 base32 (upper case, unpadded) by default rather than base64url: all of it is in the QR
// alphanumeric set (5.5 bits a character instead of 8), which saves a QR version for a ~210-byte payload.
import { fromBase32, fromBase64Url, toBase32, toBase64Url } from "../trust-list/bytes.js";
import { MAX_COSE_BYTES } from "./cose-sign1.js";

export type QrFragmentEncoding = "base32" | "base64url";

/** `${baseUrl}/v#${fragment}`; a trailing slash on baseUrl is dropped. */
export function qrUrl(baseUrl: string, cose: Uint8Array, encoding: QrFragmentEncoding = "base32"): string {
  return `${baseUrl.replace(/\/+$/u, "")}/v#${encoding === "base32" ? toBase32(cose) : toBase64Url(cose)}`;
}

export type ParsedQrText =
  | { ok: true; cose: Uint8Array }
  /** `reason` is a VER_QR_ code; a legacy `/v/<token>` link gives its token for a live status call. */
  | { ok: false; reason: "VER_QR_MALFORMED" | "VER_QR_LEGACY_LINK"; token?: string };

const BASE32 = /^[A-Z2-7]+$/u;
const B64URL = /^[A-Za-z0-9_-]+$/u;
const LEGACY = /\/v\/([A-Za-z0-9_-]{16,64})\/?$/u;
const MAX_TEXT = Math.ceil((MAX_COSE_BYTES * 8) / 5) + 512;

/**
 * The COSE bytes of a QR text: the whole URL (any origin: the signature, not the host, is what counts), `#fragment`
 * or the bare fragment, in base32 or base64url. They cannot be confused: a COSE_Sign1 starts with byte 0xd2 (tag 18)
 * or 0x84 (array), which base64url writes as "0" or "h", characters base32 does not have.
 */
export function parseQrText(text: string): ParsedQrText {
  const t = text.trim();
  if (t.length === 0 || t.length > MAX_TEXT) return { ok: false, reason: "VER_QR_MALFORMED" };
  const hash = t.indexOf("#");
  let fragment: string;
  if (hash >= 0) fragment = t.slice(hash + 1);
  else if (B64URL.test(t)) fragment = t;
  else {
    const legacy = LEGACY.exec(t.split("?")[0] ?? "");
    return legacy?.[1]
      ? { ok: false, reason: "VER_QR_LEGACY_LINK", token: legacy[1] }
      : { ok: false, reason: "VER_QR_MALFORMED" };
  }
  const cose = BASE32.test(fragment)
    ? fromBase32(fragment)
    : B64URL.test(fragment)
      ? fromBase64Url(fragment)
      : null;
  return cose && cose.length > 0 ? { ok: true, cose } : { ok: false, reason: "VER_QR_MALFORMED" };
}
