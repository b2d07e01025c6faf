// The trust list: built and signed by the registry from its PKI, verified anywhere (Node and browser: WebCrypto,
// asn1js, no node: imports).
export {
  buildTrustList,
  trustListBody,
  type BuildTrustListOptions,
  type TrustListPki,
  type TrustListSource,
} from "./build-trust-list.js";
export {
  verifyTrustList,
  type TrustListVerification,
  type VerifyTrustListOptions,
} from "./verify-trust-list.js";
export { anchorFromFingerprint, rootFingerprint, type TrustAnchor } from "./trust-anchor.js";
export { certificatePurpose, type CertificatePurpose } from "./certificate-extensions.js";
export {
  TRUST_LIST_FORMAT,
  TRUST_LIST_PATH,
  type TrustList,
  type TrustListBody,
  type TrustListEntry,
} from "./types.js";
export { TRUST_LIST_REASONS, type TrustListReasonCode } from "./trust-list-reasons.js";
export { reasonFrom, type VerificationReason } from "./reason.js";
export { canonicalJson } from "./canonical.js";
export { kidOf, KID_LENGTH } from "./kid.js";
export { readCertificate, isSignedBy, type CertificateFacts } from "./certificate-facts.js";
export { verifyWithSpki, keyKindOf, type KeyKind, type SignatureAlgorithm } from "./verify-key.js";
export { toBase64, fromBase64, toBase64Url, fromBase64Url, toHex, bytesEqual, sha256 } from "./bytes.js";
