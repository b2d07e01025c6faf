// Offline QR verification against a verified trust list (isomorphic): the COSE_Sign1 signature by a listed seal,
// the claims, the seal's status and validity, and the list's freshness. Never throws: every answer has a reason.
// Both QR formats (see qr-url.ts): format 1 signs its claims alone; format 2 also signs the identifier, rebuilt here
// from the unprotected identifier text and the department of the seal the kid names, as external_aad.
import { fromBase64, toBase64Url, utf8 } from "../trust-list/bytes.js";
import { reasonFrom, type VerificationReason } from "../trust-list/reason.js";
import type { TrustList, TrustListEntry } from "../trust-list/types.js";
import { verifyWithSpki } from "../trust-list/verify-key.js";
import { KID_LENGTH } from "../trust-list/kid.js";
import { decodeClaims, issuedAtOf, type ClaimsResult, type QrClaims } from "./claims.js";
import { decodeCompactClaims } from "./compact-claims.js";
import { identifierWithIssuer, isIdentifierWithoutIssuer } from "./licence-identifier-parts.js";
import { COSE_ALG, COSE_HEADER, decodeCoseSign1, sigStructure } from "./cose-sign1.js";
import { QR_REASONS, type QrReasonCode } from "./qr-reasons.js";

export type QrStatus = "VALID" | "INVALID" | "INDETERMINATE";

export interface QrVerification {
  status: QrStatus;
  reason: VerificationReason;
  /** Only when the signature verified with a listed seal: never show unsigned data as the licence's. */
  claims?: QrClaims;
  department?: { code: string; name: string };
  seal?: TrustListEntry;
}

/** Phones' clocks drift: an issued-at up to this far ahead of `now` is not held against the QR code. */
const CLOCK_SKEW_MS = 10 * 60_000;

const ALGORITHMS = new Map<unknown, "ES256" | "RS256">([
  [COSE_ALG.ES256, "ES256"],
  [COSE_ALG.RS256, "RS256"],
]);

function answer(
  status: QrStatus,
  code: QrReasonCode,
  extra: Partial<QrVerification> = {},
  detail?: string,
): QrVerification {
  return { status, reason: reasonFrom(QR_REASONS, code, detail), ...extra };
}

function usable(list: unknown): list is TrustList {
  const l = list as Partial<TrustList> | null;
  return (
    typeof l === "object" &&
    l !== null &&
    Array.isArray(l.seals) &&
    typeof l.issuedAt === "string" &&
    typeof l.nextUpdate === "string" &&
    !Number.isNaN(Date.parse(l.nextUpdate))
  );
}

/**
 * Verifies the COSE_Sign1 bytes of a QR code. `trustList` must already have passed verifyTrustList: this function
 * trusts its entries. A stale list gives INDETERMINATE (with the claims), never VALID.
 */
export async function verifyQrPayload(
  cose: Uint8Array,
  trustList: TrustList,
  now: Date,
): Promise<QrVerification> {
  if (!usable(trustList)) return answer("INDETERMINATE", "VER_QR_TRUST_LIST_UNUSABLE");
  const decoded = decodeCoseSign1(cose);
  if (!decoded.ok) return answer("INVALID", "VER_QR_MALFORMED", {}, decoded.detail);
  const { protectedBytes, protectedHeader, unprotectedHeader, payload, signature } = decoded.value;
  if (protectedHeader.has(COSE_HEADER.crit))
    return answer("INVALID", "VER_QR_ALG_UNSUPPORTED", {}, "critical header parameters");
  const alg = ALGORITHMS.get(protectedHeader.get(COSE_HEADER.alg));
  if (!alg)
    return answer(
      "INVALID",
      "VER_QR_ALG_UNSUPPORTED",
      {},
      `alg ${String(protectedHeader.get(COSE_HEADER.alg))}`,
    );
  const kid = protectedHeader.get(COSE_HEADER.kid);
  if (!(kid instanceof Uint8Array) || kid.length !== KID_LENGTH)
    return answer("INVALID", "VER_QR_MALFORMED", {}, "no 8-byte kid in the protected header");
  // Format 2 names its licence in the unprotected header, without the issuer: absent, it is format 1.
  const withoutIssuer = unprotectedHeader.get(COSE_HEADER.identifierWithoutIssuer);
  if (
    withoutIssuer !== undefined &&
    !(typeof withoutIssuer === "string" && isIdentifierWithoutIssuer(withoutIssuer))
  )
    return answer("INVALID", "VER_QR_MALFORMED", {}, "the identifier beside the payload is malformed");

  const kidText = toBase64Url(kid);
  const listStale = now.getTime() > Date.parse(trustList.nextUpdate);
  const candidates = trustList.seals.filter((e) => e.kid === kidText);
  let seal: TrustListEntry | undefined;
  let identifier: string | null = null;
  for (const entry of candidates) {
    const spki = fromBase64(entry.spki);
    identifier =
      withoutIssuer === undefined ? null : identifierWithIssuer(withoutIssuer, entry.department.code);
    // A department code that makes no identifier cannot have signed a format 2 payload.
    if (!spki || (withoutIssuer !== undefined && identifier === null)) continue;
    const toBeSigned = sigStructure(
      protectedBytes,
      payload,
      identifier === null ? undefined : utf8(identifier),
    );
    if (await verifyWithSpki(spki, alg, signature, toBeSigned, "raw", true)) {
      seal = entry;
      break;
    }
  }
  if (!seal && candidates[0])
    return answer("INVALID", "VER_QR_BAD_SIGNATURE", {
      seal: candidates[0],
      department: candidates[0].department,
    });
  if (!seal) {
    if (listStale)
      return answer("INDETERMINATE", "VER_QR_TRUST_LIST_STALE", {}, "the seal is not in this old list");
    // Unsigned as it is, issued-at only decides between "not ours" and "your list may be too old".
    const unverifiedIssuedAt = issuedAtOf(payload);
    if (unverifiedIssuedAt !== null && Date.parse(unverifiedIssuedAt) > Date.parse(trustList.issuedAt))
      return answer("INDETERMINATE", "VER_QR_KID_NEWER_THAN_LIST");
    return answer("INVALID", "VER_QR_UNKNOWN_KID", {}, `kid ${kidText}`);
  }

  const department = seal.department;
  const claimsResult: ClaimsResult =
    identifier === null ? decodeClaims(payload) : decodeCompactClaims(payload, identifier);
  if (!claimsResult.ok)
    return answer("INVALID", "VER_QR_CLAIMS_INVALID", { seal, department }, claimsResult.detail);
  const claims = claimsResult.claims;
  const found = { claims, seal, department };
  // Format 1 only: a format 2 identifier takes its issuer from the seal, and another department's seal fails above.
  if (claims.issuerCode !== department.code) return answer("INVALID", "VER_QR_ISSUER_MISMATCH", found);
  // A genuine seal vouches only for the types its department may issue: the education bureau's seal on a food
  // business licence is a forgery by a key holder, however good the signature. No list of types: nothing vouched for.
  if (!Array.isArray(seal.licenceTypes) || !seal.licenceTypes.includes(claims.typeCode))
    return answer("INVALID", "VER_QR_TYPE_NOT_AUTHORISED", found, `type ${claims.typeCode}`);
  if (seal.status === "revoked") return answer("INVALID", "VER_QR_SEAL_REVOKED", found);
  const issuedAt = Date.parse(claims.issuedAt);
  if (issuedAt < Date.parse(seal.notBefore) || issuedAt > Date.parse(seal.notAfter))
    return answer("INVALID", "VER_QR_SEAL_NOT_VALID_AT_ISSUE", found);
  if (issuedAt > now.getTime() + CLOCK_SKEW_MS)
    return answer("INDETERMINATE", "VER_QR_ISSUED_IN_FUTURE", found);
  if (listStale) return answer("INDETERMINATE", "VER_QR_TRUST_LIST_STALE", found);
  return answer("VALID", "VER_QR_OK", found);
}
