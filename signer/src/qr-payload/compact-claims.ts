// Format 2 (compact) claims: the map of claims.ts without the identifier, which the COSE_Sign1 signs as its
// external_aad instead (the QR text writes it in alphanumeric characters, the issuer not at all: see qr-url.ts),
// masked holder fields as runs arrays and dates as untagged day numbers. About 40 bytes fewer than format 1.
import { encode } from "cbor2";
import { fromBase64Url, toBase64Url } from "../trust-list/bytes.js";
import {
  checkClaims,
  CLAIM_KEYS,
  dateOf,
  decodeClaimsMap,
  finishClaims,
  TOKEN_TEXT,
  type ClaimsResult,
  type QrClaimsInput,
} from "./claims.js";
import { maskedToRuns, runsToMasked } from "./masked-text.js";

/** Token bytes: 8–32, enough for any unguessable token and short of anything that is not one. */
const TOKEN_BYTES = { min: 8, max: 32 } as const;

/** A token that is the canonical base64url of 8–32 bytes travels as those bytes; any other form as text. */
function tokenValue(token: string): Uint8Array | string {
  const raw = fromBase64Url(token);
  return raw && raw.length >= TOKEN_BYTES.min && raw.length <= TOKEN_BYTES.max && toBase64Url(raw) === token
    ? raw
    : token;
}

function tokenOf(value: unknown): string | null {
  if (value instanceof Uint8Array)
    return value.length >= TOKEN_BYTES.min && value.length <= TOKEN_BYTES.max ? toBase64Url(value) : null;
  return typeof value === "string" && TOKEN_TEXT.test(value) ? value : null;
}

/**
 * Format 2 CBOR claims for `input` and the identifier the signature must cover as external_aad; throws
 * SIG_QR_CLAIMS_INVALID naming a bad claim.
 */
export function encodeCompactClaims(input: QrClaimsInput): { claims: Uint8Array; identifier: string } {
  const c = checkClaims(input);
  const map = new Map<number, unknown>([
    [CLAIM_KEYS.issuedAt, c.issuedAtSeconds],
    [CLAIM_KEYS.holderName, maskedToRuns(c.holderName)],
    [CLAIM_KEYS.holderCode, maskedToRuns(c.holderCode)],
    [CLAIM_KEYS.validFrom, c.validFromDays],
    [CLAIM_KEYS.validUntil, c.validUntilDays],
    [CLAIM_KEYS.publicToken, tokenValue(c.publicToken)],
  ]);
  if (c.documentSha256Prefix) map.set(CLAIM_KEYS.documentSha256Prefix, c.documentSha256Prefix);
  return { claims: encode(map, { cde: true }), identifier: c.identifier };
}

/**
 * Reads format 2 claims signed together with `identifier` (rebuilt by the verifier from the QR text and the seal's
 * department); never throws. A sub claim is refused: the record would name its licence twice.
 */
export function decodeCompactClaims(bytes: Uint8Array, identifier: string): ClaimsResult {
  const m = decodeClaimsMap(bytes);
  if (!m.ok) return m;
  const get = (k: number): unknown => m.map.get(k);
  if (m.map.has(CLAIM_KEYS.identifier))
    return { ok: false, detail: "a sub claim beside the external identifier" };
  const untilRaw = get(CLAIM_KEYS.validUntil);
  const validUntil = untilRaw === null ? null : dateOf(untilRaw);
  return finishClaims(m.map, {
    identifier,
    holderName: runsToMasked(get(CLAIM_KEYS.holderName)),
    holderCode: runsToMasked(get(CLAIM_KEYS.holderCode)),
    validFrom: dateOf(get(CLAIM_KEYS.validFrom)),
    validUntil,
    validUntilBad: untilRaw !== null && validUntil === null,
    publicToken: tokenOf(get(CLAIM_KEYS.publicToken)),
  });
}
