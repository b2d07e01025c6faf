// Public surface of the signer: keys, dev PKI (CRL, OCSP, TSA), licence rendering, PAdES sealing, signed QR payloads
// and the trust list.
import "reflect-metadata";

export * from "./pades/index.js";
export * from "./render/index.js";
export * from "./formats/index.js";
export {
  LicenceSealer,
  type LicenceSealerOptions,
  type SealLicenceInput,
  type SealedLicence,
  type SignedQrRequest,
} from "./licence-sealer.js";
export * from "./qr-payload/index.js";
export {
  buildTrustList,
  trustListBody,
  verifyTrustList,
  anchorFromFingerprint,
  rootFingerprint,
  TRUST_LIST_FORMAT,
  TRUST_LIST_PATH,
  TRUST_LIST_REASONS,
  kidOf,
  type BuildTrustListOptions,
  type TrustListPki,
  type TrustListSource,
  type TrustListVerification,
  type VerifyTrustListOptions,
  type TrustAnchor,
  type TrustListBody,
  type TrustListReasonCode,
  type VerificationReason,
} from "./trust-list/index.js";

export { type KeyStore, type KeyHandle, type KeyAlgorithm, KEY_ALGORITHMS } from "./keys/key-store.js";
export { FileKeyStore } from "./keys/file-key-store.js";
export { Pkcs11KeyStore } from "./keys/pkcs11-key-store.js";
export { KeyStoreError } from "./keys/key-store-error.js";

export type { Pki, SealCredentials, RevocationData } from "./pki/pki.js";
export { DevPki, loadPki } from "./pki/dev-pki.js";
export { createDevPki, type CreateDevPkiOptions } from "./pki/create-dev-pki.js";
export { readPkiSpec, parsePkiSpec, DEFAULT_PKI_SPEC_PATH, type PkiSpec } from "./pki/pki-spec.js";
export {
  requestTimestamp,
  buildTimestampRequest,
  extractTimestampToken,
  type TsaFn,
} from "./pki/request-timestamp.js";
export { buildOcspRequest } from "./pki/ocsp-request.js";
export { PkiError } from "./pki/pki-error.js";
export { REVOCATION_REASONS, isRevocationReason, type RevocationReason } from "./pki/revocation-reason.js";
export type { CaName } from "./pki/certificate-profiles.js";
export type { SealDepartment } from "./pki/department.js";
export { readState, type IssuedCertificate } from "./pki/pki-state.js";
export { SealingPool, type SealingPoolOptions } from "./pool/sealing-pool.js";
export type { PooledSeal } from "./pool/pool-messages.js";
export { qrPlan } from "./render/qr.js";
