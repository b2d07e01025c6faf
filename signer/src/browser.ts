// The signer's browser-safe entry (@elicence/signer/browser): WebCrypto, cbor2 and asn1js only, no node: imports, no
// PKCS#11, no PDF engine. The public pages verify with it offline (signed QR payloads, the trust list, the trust
// anchor), and light Node callers use it without loading the sealing stack the package index brings (the registry's
// live-status digest, the CLI's QR check: the index costs seconds to load from the sources, this a few hundred ms).
export * from "./qr-payload/index.js";
export {
  verifyTrustList,
  type TrustListVerification,
  type VerifyTrustListOptions,
} from "./trust-list/verify-trust-list.js";
export {
  anchorFromFingerprint,
  anchorFromServedPage,
  rootFingerprint,
  type TrustAnchor,
} from "./trust-list/trust-anchor.js";
export {
  TRUST_LIST_FORMAT,
  TRUST_LIST_PATH,
  type TrustList,
  type TrustListBody,
  type TrustListEntry,
} from "./trust-list/types.js";
export { TRUST_LIST_REASONS, type TrustListReasonCode } from "./trust-list/trust-list-reasons.js";
export { reasonFrom, type VerificationReason } from "./trust-list/reason.js";
export { canonicalJson } from "./trust-list/canonical.js";
export {
  toBase32,
  fromBase32,
  toBase64,
  fromBase64,
  toBase64Url,
  fromBase64Url,
  toHex,
  bytesEqual,
  sha256,
} from "./trust-list/bytes.js";
