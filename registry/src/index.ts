// Public surface of the registry package, used by the CLI (scripts/) and by tests.
export { buildApp, type AppDeps, type RegistryApp } from "./http/app.js";
export { loggerOptions } from "./http/logging.js";
export { loadConfig, ConfigError, type RegistryConfig } from "./config.js";
export { openRuntime, type Runtime } from "./runtime.js";
export {
  Readiness,
  readinessDetails,
  type Probe,
  type ProbeResult,
  type ReadinessReport,
} from "./health/readiness.js";
export { KeyService } from "./auth/key-service.js";
export { verifyAuditChain, type AuditVerification } from "./audit/verify-audit.js";
export { LicenceService, type Actor } from "./licences/licence-service.js";
export { unparkAll, type FailedSeal, type SealRound } from "./licences/seal-pending.js";
export { RegistryError, REGISTRY_ERRORS } from "./errors.js";
export { ROLES, type Role } from "./domain/api-key.js";
export * from "./conversion/index.js";
export { openSigning, type SigningRuntime } from "./signing/signing-runtime.js";
export { rootSpkiSha256Hex } from "./signing/trust-anchor.js";
export { DocumentStore } from "./documents/document-store.js";
export { diskProbe } from "./health/disk-probe.js";
export { Janitor, type SweepReport } from "./maintenance/janitor.js";
export {
  BackgroundWork,
  openBackgroundSealer,
  PrefetchingSealer,
  sealInBackground,
  type SealingLog,
  type SealingSummary,
} from "./background/index.js";
export { storageFault, describeStorageFault, type StorageFault } from "./storage/storage-fault.js";
export {
  createBackup,
  restoreBackup,
  checkBackup,
  BackupError,
  MANIFEST_FILE,
  type BackupManifest,
  type BackupResult,
  type RestoreResult,
} from "./backup/index.js";
export { baseUrlProblem, basePathOf, isLoopbackUrl, normaliseBaseUrl } from "./public-url/base-url.js";
export {
  checkPublicBaseUrl,
  readBaseUrlRecord,
  settleBaseUrl,
  type Settled,
} from "./public-url/base-url-record.js";
export { resealSince, RESEAL_ACTION, type ResealReport } from "./licences/reseal.js";
export { loadCatalogue, Catalogue } from "./catalogue/index.js";
export { openSqliteStore, type SqliteStore } from "./store/sqlite-store.js";
export { newPublicToken, newSerial } from "./licences/random-ids.js";
export { RegistryDocumentSealer, qrClaimsFor } from "./signing/document-sealer.js";
export type { LicenceRecord, LicenceTransition } from "./domain/licence.js";
// The pages' routes: the page tests (verifier-web/test) serve them as the registry does.
export { webRoutes } from "./http/routes/web.js";
