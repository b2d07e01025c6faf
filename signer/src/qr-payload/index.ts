// QR payload: licence claims in a COSE_Sign1 signed by the department's e-seal, carried in a verifier URL's fragment.
// Isomorphic (Node and browser): WebCrypto, cbor2 and plain TypeScript, no node: imports.
export { encodeQrPayload, type QrSigner, type QrPayloadFormat } from "./encode-qr-payload.js";
export { verifyQrPayload, type QrVerification, type QrStatus } from "./verify-qr-payload.js";
export {
  qrUrl,
  qrBaseUrl,
  qrWireForm,
  parseQrText,
  type ParsedQrText,
  type QrFragmentEncoding,
} from "./qr-url.js";
export {
  encodeClaims,
  decodeClaims,
  CLAIM_KEYS,
  type QrClaims,
  type QrClaimsInput,
  type ClaimsResult,
} from "./claims.js";
export { encodeCompactClaims, decodeCompactClaims } from "./compact-claims.js";
export { maskedToRuns, runsToMasked } from "./masked-text.js";
export {
  decodeCoseSign1,
  COSE_ALG,
  COSE_HEADER,
  type CoseAlgorithm,
  type DecodedCoseSign1,
} from "./cose-sign1.js";
export { identifierSha256, statusNamesIdentifier } from "./identifier-digest.js";
export { QR_REASONS, type QrReasonCode } from "./qr-reasons.js";
export { QrPayloadError, QR_PAYLOAD_ERROR_CODES, type QrPayloadErrorCode } from "./qr-payload-error.js";
export {
  splitLicenceIdentifier,
  identifierWithoutIssuer,
  identifierWithIssuer,
  LICENCE_IDENTIFIER_ROOT,
  type LicenceIdentifierParts,
} from "./licence-identifier-parts.js";
export type { TrustList, TrustListEntry } from "../trust-list/types.js";
