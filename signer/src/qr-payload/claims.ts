// The licence claims a QR code carries, and their CBOR form: a map with small integer keys, CWT-registered keys
// (RFC 8392) where the meaning matches, private negative keys for the rest, dates as RFC 8943 tag 100.
//
//   key  claim                       CBOR value
//    2   sub: licence identifier     tstr, without the fixed root "1.2.156.3005.2." (type code, issuer USCC and
//                                    version are parts of it, so they are signed once and read from it)
//    6   iat: issued at              uint, seconds since 1970 (NumericDate)
//   -1   masked holder name          tstr, as public views mask it ("张*"), long runs of stars cut to four
//   -2   masked holder code          tstr ("441521********0028")
//   -3   valid from                  tag 100 (days since 1970-01-01)
//   -4   valid until                 tag 100, or null for long-term (长期)
//   -5   public token (live status)  bstr 16 (the token's base64url decoded) or tstr for other token forms
//   -6   document hash prefix        bstr 8: first 8 bytes of the sealed PDF's SHA-256; only when the QR is made
//                                    for an existing document (a QR drawn inside the PDF cannot carry its own hash)
// Unknown keys are ignored so that later versions can add claims; known keys with wrong types are rejected.
import { decode, encode, Tag } from "cbor2";
import { fromBase64Url, toBase64Url, toHex } from "../trust-list/bytes.js";
import { LICENCE_IDENTIFIER_ROOT, splitLicenceIdentifier } from "./licence-identifier-parts.js";
import { QrPayloadError } from "./qr-payload-error.js";

export const CLAIM_KEYS = {
  identifier: 2,
  issuedAt: 6,
  holderName: -1,
  holderCode: -2,
  validFrom: -3,
  validUntil: -4,
  publicToken: -5,
  documentSha256Prefix: -6,
} as const;

/** RFC 8943: tag 100 is a date as the number of days since 1970-01-01. */
export const DAYS_SINCE_EPOCH_TAG = 100;

export interface QrClaims {
  /** GB/T 36904 identifier, root included. */
  identifier: string;
  /** Read from the identifier. */
  typeCode: string;
  /** The issuing department's USCC, read from the identifier. */
  issuerCode: string;
  /** 1-based version, read from the identifier. */
  version: number;
  /** Masked, e.g. "张*". */
  holderName: string;
  /** Masked, e.g. "441521********0028". */
  holderCode: string;
  /** YYYY-MM-DD. */
  validFrom: string;
  /** YYYY-MM-DD, or null for long-term. */
  validUntil: string | null;
  /** ISO timestamp, whole seconds. */
  issuedAt: string;
  /** The licence's public token: GET /api/v1/status/{token}. */
  publicToken: string;
  /** 16 hex digits: the first 8 bytes of the document's SHA-256, when the QR was made for an existing document. */
  documentSha256Prefix?: string;
}

/** What an issuer gives: the identifier's parts may be left out (they are read from it) or must agree with it. */
export type QrClaimsInput = Omit<QrClaims, "typeCode" | "issuerCode" | "version"> &
  Partial<Pick<QrClaims, "typeCode" | "issuerCode" | "version">>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;
const DAY_MS = 86_400_000;
const TOKEN_TEXT = /^[A-Za-z0-9_-]{1,64}$/u;
const MAX_MASKED = 64;

function daysOf(date: string): number | null {
  if (!ISO_DATE.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return ms / DAY_MS;
}

function dateOf(days: number): string | null {
  // Years 1970–9999 only: anything else is not a licence date.
  if (!Number.isSafeInteger(days) || days < 0 || days > 2_932_896) return null;
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

const maskedOk = (s: unknown): s is string =>
  typeof s === "string" && s.length > 0 && [...s].length <= MAX_MASKED;

/** A token that is the base64url of 16 bytes travels as those bytes (16 instead of 22 characters). */
function tokenValue(token: string): Uint8Array | string {
  const raw = token.length === 22 ? fromBase64Url(token) : null;
  return raw && raw.length === 16 ? raw : token;
}

/** CBOR claims for `input`; throws SIG_QR_CLAIMS_INVALID naming the bad claim. */
export function encodeClaims(input: QrClaimsInput): Uint8Array {
  const bad: (claim: string, why: string) => never = (claim, why) => {
    throw new QrPayloadError("SIG_QR_CLAIMS_INVALID", `QR claim ${claim} ${why}`);
  };
  const parts = splitLicenceIdentifier(input.identifier);
  if (!parts)
    bad("identifier", `"${input.identifier}" is not a GB/T 36904 identifier with a valid check character`);
  if (input.typeCode !== undefined && input.typeCode !== parts.typeCode)
    bad("typeCode", "differs from the identifier's");
  if (input.issuerCode !== undefined && input.issuerCode !== parts.issuerCode)
    bad("issuerCode", "differs from the identifier's");
  if (input.version !== undefined && input.version !== parts.version)
    bad("version", "differs from the identifier's");
  if (!maskedOk(input.holderName)) bad("holderName", `must be 1–${MAX_MASKED} characters`);
  if (!maskedOk(input.holderCode)) bad("holderCode", `must be 1–${MAX_MASKED} characters`);
  const from = daysOf(input.validFrom);
  if (from === null) bad("validFrom", "must be a date YYYY-MM-DD");
  const until = input.validUntil === null ? null : daysOf(input.validUntil);
  if (input.validUntil !== null && until === null) bad("validUntil", "must be a date YYYY-MM-DD or null");
  if (until !== null && until < from) bad("validUntil", "is before validFrom");
  const iat = Date.parse(input.issuedAt);
  if (Number.isNaN(iat) || iat < 0) bad("issuedAt", "must be an ISO timestamp");
  if (!TOKEN_TEXT.test(input.publicToken)) bad("publicToken", "must be 1–64 base64url characters");
  let prefix: Uint8Array | undefined;
  if (input.documentSha256Prefix !== undefined) {
    if (!/^[0-9a-f]{16}$/u.test(input.documentSha256Prefix))
      bad("documentSha256Prefix", "must be 16 lower-case hex digits");
    prefix = Uint8Array.from(input.documentSha256Prefix.match(/../gu) ?? [], (h) => parseInt(h, 16));
  }
  const map = new Map<number, unknown>([
    [CLAIM_KEYS.identifier, input.identifier.slice(LICENCE_IDENTIFIER_ROOT.length + 1)],
    [CLAIM_KEYS.issuedAt, Math.floor(iat / 1000)],
    [CLAIM_KEYS.holderName, input.holderName],
    [CLAIM_KEYS.holderCode, input.holderCode],
    [CLAIM_KEYS.validFrom, new Tag(DAYS_SINCE_EPOCH_TAG, from)],
    [CLAIM_KEYS.validUntil, until === null ? null : new Tag(DAYS_SINCE_EPOCH_TAG, until)],
    [CLAIM_KEYS.publicToken, tokenValue(input.publicToken)],
  ]);
  if (prefix) map.set(CLAIM_KEYS.documentSha256Prefix, prefix);
  // Core deterministic encoding (RFC 8949 §4.2): sorted keys, shortest forms, so one record has one encoding.
  return encode(map, { cde: true });
}

export type ClaimsResult = { ok: true; claims: QrClaims } | { ok: false; detail: string };

/** Strict CBOR decoding options for untrusted input: no indefinite lengths, no duplicate keys, tags left as Tag. */
export const STRICT_CBOR = {
  ignoreGlobalTags: true,
  preferMap: true,
  rejectDuplicateKeys: true,
  rejectStreaming: true,
  maxDepth: 8,
} as const;

function dayTag(v: unknown): string | null {
  return v instanceof Tag && Number(v.tag) === DAYS_SINCE_EPOCH_TAG && typeof v.contents === "number"
    ? dateOf(v.contents)
    : null;
}

/** Reads CBOR claims; never throws. */
export function decodeClaims(bytes: Uint8Array): ClaimsResult {
  let value: unknown;
  try {
    value = decode(bytes, STRICT_CBOR);
  } catch (e) {
    return { ok: false, detail: `not CBOR: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!(value instanceof Map)) return { ok: false, detail: "claims are not a CBOR map" };
  const get = (k: number): unknown => value.get(k);
  const sub = get(CLAIM_KEYS.identifier);
  const identifier = typeof sub === "string" ? `${LICENCE_IDENTIFIER_ROOT}.${sub}` : "";
  const parts = splitLicenceIdentifier(identifier);
  if (!parts) return { ok: false, detail: "identifier missing or its check character is wrong" };
  const iat = get(CLAIM_KEYS.issuedAt);
  if (typeof iat !== "number" || !Number.isSafeInteger(iat) || iat < 0)
    return { ok: false, detail: "issued-at" };
  const holderName = get(CLAIM_KEYS.holderName);
  const holderCode = get(CLAIM_KEYS.holderCode);
  if (!maskedOk(holderName) || !maskedOk(holderCode))
    return { ok: false, detail: "masked holder name or code" };
  const validFrom = dayTag(get(CLAIM_KEYS.validFrom));
  const untilRaw = get(CLAIM_KEYS.validUntil);
  const validUntil = untilRaw === null ? null : dayTag(untilRaw);
  if (validFrom === null || (untilRaw !== null && validUntil === null))
    return { ok: false, detail: "validity dates" };
  if (validUntil !== null && validUntil < validFrom)
    return { ok: false, detail: "valid until before valid from" };
  const token = get(CLAIM_KEYS.publicToken);
  const publicToken =
    token instanceof Uint8Array && token.length === 16
      ? toBase64Url(token)
      : typeof token === "string" && TOKEN_TEXT.test(token)
        ? token
        : null;
  if (publicToken === null) return { ok: false, detail: "public token" };
  const prefix = get(CLAIM_KEYS.documentSha256Prefix);
  if (prefix !== undefined && !(prefix instanceof Uint8Array && prefix.length === 8))
    return { ok: false, detail: "document hash prefix" };
  return {
    ok: true,
    claims: {
      identifier,
      typeCode: parts.typeCode,
      issuerCode: parts.issuerCode,
      version: parts.version,
      holderName,
      holderCode,
      validFrom,
      validUntil,
      issuedAt: new Date(iat * 1000).toISOString(),
      publicToken,
      ...(prefix instanceof Uint8Array ? { documentSha256Prefix: toHex(prefix) } : {}),
    },
  };
}
