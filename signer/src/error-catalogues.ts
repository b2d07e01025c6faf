// The signer's error catalogues (@elicence/signer/errors), every code with its words, for docs/errors.md
// (scripts/error-docs.ts) and the CLI's Chinese error lines: catalogues only, nothing that renders, seals or verifies.
export { PKI_ERROR_CODES } from "./pki/pki-error.js";
export { KEY_STORE_ERROR_CODES } from "./keys/key-store-error.js";
export { PADES_ERROR_TEXT } from "./pades/errors.js";
export { RENDER_ERROR_CODES } from "./render/render-errors.js";
export { REASON_CODES } from "./validation/reason-codes.js";
export { QR_REASONS } from "./qr-payload/qr-reasons.js";
export { QR_PAYLOAD_ERROR_CODES } from "./qr-payload/qr-payload-error.js";
export { TRUST_LIST_REASONS } from "./trust-list/trust-list-reasons.js";
export { POOL_ERROR_CODES } from "./pool/sealing-pool-error.js";
export { signerMessageZh } from "./errors-zh.js";
