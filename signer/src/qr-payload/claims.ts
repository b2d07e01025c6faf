// The licence claims a QR code carries, and their CBOR form: a map with small integer keys, CWT-registered keys
// (RFC 8392) where the meaning matches, private negative keys for the rest. Two forms exist (see qr-url.ts):
//
//   key  claim                       format 1 (first QR codes; still read)       format 2 (compact; written now)
//    2   sub: licence identifier     tstr, without the root "1.2.156.3005.2."    absent: the identifier is the
//                                                                                COSE external_aad (see cose-sign1.ts)
//    6   iat: issued at              uint, seconds since 1970 (NumericDate)      same
//   -1   masked holder name          tstr ("张*"; long runs of stars cut to 4)  runs array ["张", 1] (masked-text.ts)
//   -2   masked holder code          tstr ("441521********0028")                 runs array ["441521", 8, "0028"]
//   -3   valid from                  tag 100 (RFC 8943: days since 1970-01-01)   uint: the same day number, untagged
//   -4   valid until                 tag 100, or null for long-term (长期)       uint, or null
//   -5   public token (live status)  bstr 16 (the token's base64url decoded),    bstr 8–32 (any token that is the
//                                    or tstr for other token forms               canonical base64url of one), or tstr
//   -6   document hash prefix        bstr 8: first 8 bytes of the sealed PDF's SHA-256, only when the QR is made for an
//                                    existing document (a QR drawn inside the PDF cannot carry its own hash); both
// Type code, issuer and version are read from the identifier. Unknown keys are ignored so that later versions can add
// claims; known keys with wrong types are rejected. Both forms use core deterministic encoding (RFC 8949 §4.2).
import { isIsoDate } from "@elicence/core";
import { decode, encode, Tag } from "cbor2";
import { fromBase64Url, toBase64Url, toHex } from "../trust-list/bytes.js";
import {
  LICENCE_IDENTIFIER_ROOT,
  splitLicenceIdentifier,
  type LicenceIdentifierParts,
} from "./licence-identifier-parts.js";
import { MAX_MASKED, maskedOk } from "./masked-text.js";
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

/** Claims checked and reduced to what the CBOR forms carry. */
export interface CheckedClaims {
  identifier: string;
  holderName: string;
  holderCode: string;
  validFromDays: number;
  validUntilDays: number | null;
  issuedAtSeconds: number;
  publicToken: string;
  documentSha256Prefix?: Uint8Array;
}

const DAY_MS = 86_400_000;
export const TOKEN_TEXT = /^[A-Za-z0-9_-]{1,64}$/u;

function daysOf(date: string): number | null {
  return isIsoDate(date) ? Date.parse(`${date}T00:00:00Z`) / DAY_MS : null;
}

/** YYYY-MM-DD of a day number; null outside 1970–9999 (anything else is not a licence date) or for a non-integer. */
export function dateOf(days: unknown): string | null {
  if (typeof days !== "number" || !Number.isSafeInteger(days) || days < 0 || days > 2_932_896) return null;
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** Checks an issuer's claims; throws SIG_QR_CLAIMS_INVALID naming the bad claim. */
export function checkClaims(input: QrClaimsInput): CheckedClaims {
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
  return {
    identifier: input.identifier,
    holderName: input.holderName,
    holderCode: input.holderCode,
    validFromDays: from,
    validUntilDays: until,
    issuedAtSeconds: Math.floor(iat / 1000),
    publicToken: input.publicToken,
    ...(prefix ? { documentSha256Prefix: prefix } : {}),
  };
}

/** Format 1: a token that is the base64url of 16 bytes travels as those bytes (16 instead of 22 characters). */
function tokenValue(token: string): Uint8Array | string {
  const raw = token.length === 22 ? fromBase64Url(token) : null;
  return raw && raw.length === 16 ? raw : token;
}

/** Format 1 CBOR claims for `input` (QR codes printed before the compact form); throws SIG_QR_CLAIMS_INVALID. */
export function encodeClaims(input: QrClaimsInput): Uint8Array {
  const c = checkClaims(input);
  const map = new Map<number, unknown>([
    [CLAIM_KEYS.identifier, c.identifier.slice(LICENCE_IDENTIFIER_ROOT.length + 1)],
    [CLAIM_KEYS.issuedAt, c.issuedAtSeconds],
    [CLAIM_KEYS.holderName, c.holderName],
    [CLAIM_KEYS.holderCode, c.holderCode],
    [CLAIM_KEYS.validFrom, new Tag(DAYS_SINCE_EPOCH_TAG, c.validFromDays)],
    [
      CLAIM_KEYS.validUntil,
      c.validUntilDays === null ? null : new Tag(DAYS_SINCE_EPOCH_TAG, c.validUntilDays),
    ],
    [CLAIM_KEYS.publicToken, tokenValue(c.publicToken)],
  ]);
  if (c.documentSha256Prefix) map.set(CLAIM_KEYS.documentSha256Prefix, c.documentSha256Prefix);
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

/** The claims map of untrusted bytes, or why not. */
export function decodeClaimsMap(
  bytes: Uint8Array,
): { ok: true; map: Map<unknown, unknown> } | { ok: false; detail: string } {
  let value: unknown;
  try {
    value = decode(bytes, STRICT_CBOR);
  } catch (e) {
    return { ok: false, detail: `not CBOR: ${e instanceof Error ? e.message : String(e)}` };
  }
  return value instanceof Map ? { ok: true, map: value } : { ok: false, detail: "claims are not a CBOR map" };
}

/** The issued-at of either form, unverified (it only chooses between two failure reasons); null when unreadable. */
export function issuedAtOf(bytes: Uint8Array): string | null {
  const m = decodeClaimsMap(bytes);
  const iat = m.ok ? m.map.get(CLAIM_KEYS.issuedAt) : undefined;
  return typeof iat === "number" && Number.isSafeInteger(iat) && iat >= 0
    ? new Date(iat * 1000).toISOString()
    : null;
}

/** What both forms share once each has read its own encodings. */
export interface ReadClaims {
  identifier: string;
  holderName: unknown;
  holderCode: unknown;
  validFrom: string | null;
  validUntil: string | null;
  /** True when valid-until was present but not a date. */
  validUntilBad: boolean;
  publicToken: string | null;
}

/** The checks both forms make on what they read, and the claims they give. */
export function finishClaims(map: Map<unknown, unknown>, read: ReadClaims): ClaimsResult {
  const parts: LicenceIdentifierParts | null = splitLicenceIdentifier(read.identifier);
  if (!parts) return { ok: false, detail: "identifier missing or its check character is wrong" };
  const iat = map.get(CLAIM_KEYS.issuedAt);
  if (typeof iat !== "number" || !Number.isSafeInteger(iat) || iat < 0)
    return { ok: false, detail: "issued-at" };
  const { holderName, holderCode, validFrom, validUntil } = read;
  if (!maskedOk(holderName) || !maskedOk(holderCode))
    return { ok: false, detail: "masked holder name or code" };
  if (validFrom === null || read.validUntilBad) return { ok: false, detail: "validity dates" };
  if (validUntil !== null && validUntil < validFrom)
    return { ok: false, detail: "valid until before valid from" };
  if (read.publicToken === null) return { ok: false, detail: "public token" };
  const prefix = map.get(CLAIM_KEYS.documentSha256Prefix);
  if (prefix !== undefined && !(prefix instanceof Uint8Array && prefix.length === 8))
    return { ok: false, detail: "document hash prefix" };
  return {
    ok: true,
    claims: {
      identifier: read.identifier,
      typeCode: parts.typeCode,
      issuerCode: parts.issuerCode,
      version: parts.version,
      holderName,
      holderCode,
      validFrom,
      validUntil,
      issuedAt: new Date(iat * 1000).toISOString(),
      publicToken: read.publicToken,
      ...(prefix instanceof Uint8Array ? { documentSha256Prefix: toHex(prefix) } : {}),
    },
  };
}

function dayTag(v: unknown): string | null {
  return v instanceof Tag && Number(v.tag) === DAYS_SINCE_EPOCH_TAG ? dateOf(v.contents) : null;
}

/** Reads format 1 claims; never throws. */
export function decodeClaims(bytes: Uint8Array): ClaimsResult {
  const m = decodeClaimsMap(bytes);
  if (!m.ok) return m;
  const get = (k: number): unknown => m.map.get(k);
  const sub = get(CLAIM_KEYS.identifier);
  const untilRaw = get(CLAIM_KEYS.validUntil);
  const validUntil = untilRaw === null ? null : dayTag(untilRaw);
  const token = get(CLAIM_KEYS.publicToken);
  return finishClaims(m.map, {
    identifier: typeof sub === "string" ? `${LICENCE_IDENTIFIER_ROOT}.${sub}` : "",
    holderName: get(CLAIM_KEYS.holderName),
    holderCode: get(CLAIM_KEYS.holderCode),
    validFrom: dayTag(get(CLAIM_KEYS.validFrom)),
    validUntil,
    validUntilBad: untilRaw !== null && validUntil === null,
    publicToken:
      token instanceof Uint8Array && token.length === 16
        ? toBase64Url(token)
        : typeof token === "string" && TOKEN_TEXT.test(token)
          ? token
          : null,
  });
}
