// The registry without its server (@elicence/registry/offline): configuration, the store, API keys, the audit chain,
// live status and the ports PDF verification asks. The CLI's offline commands (keys, audit, verify) load this: from
// the sources it costs a few hundred ms where the package index, which brings the HTTP server, the conversion engine
// and the signer, costs several seconds (scripts/bench/startup.ts measures the CLI's start). The runtime (store with
// catalogue, service items and fonts) is its own entry, @elicence/registry/runtime: `elicence verify` needs none of it.
export { loadConfig, ConfigError, type RegistryConfig } from "./config.js";
export { openMigratedStore, openStore, type StoreConfig } from "./store/open-store.js";
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from "./store/sqlite-store.js";
export type { Store } from "./store/store.js";
export { KeyService } from "./auth/key-service.js";
export { ROLES, type Role } from "./domain/api-key.js";
export { verifyAuditChain, type AuditVerification } from "./audit/verify-audit.js";
export { StatusService } from "./status/status-service.js";
export { MemoryStatusCache } from "./status/memory-status-cache.js";
export type { StatusView } from "./status/status-facts.js";
// PDF verification's ports onto this registry's data; they live beside the verify-PDF route, which uses them too.
export { liveStatusFromStore, revocationFromPki } from "./http/routes/verify-pdf.js";
export { csvCell } from "./conversion/csv-cell.js";
