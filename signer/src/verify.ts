// The signer's verifying entry (@elicence/signer/verify): the browser-safe verifiers (./browser.ts), PDF validation, the trust list as published, the dev PKI's
// published state (certificates, CRLs) and the key-store port, without the renderer and the sealing pool. The CLI's
// `verify` command and the registry's verify-PDF route load this; from the sources it costs about a second where
// the package index costs several (scripts/bench/startup.ts measures the CLI's start).
export * from "./browser.js";
export * from "./validation/index.js";
export { trustListBody, type TrustListPki, type TrustListSource } from "./trust-list/build-trust-list.js";
export { loadPki, type DevPki } from "./pki/dev-pki.js";
export type { KeyStore } from "./keys/key-store.js";
