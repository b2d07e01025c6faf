// The registry's error vocabulary (@elicence/registry/errors): the error class, every code catalogue with its words
// and the Chinese twins, and the storage-fault classifier. For docs/errors.md (scripts/error-docs.ts) and the CLI's
// error path, which must name a fault in a line without loading the server, the store or the signer.
export {
  RegistryError,
  REGISTRY_ERRORS,
  DETAIL_CODES,
  type ErrorDetail,
  type RegistryErrorCode,
} from "./errors.js";
export { ConfigError } from "./config.js";
export { registryMessageZh } from "./errors-zh.js";
export { CATALOGUE_ERROR_CODES } from "./catalogue/catalogue-error.js";
export { FIELD_PROBLEM_CODES } from "./catalogue/field-problems.js";
export { STORE_ERROR_CODES } from "./store/store-error.js";
export { BACKUP_ERROR_CODES } from "./backup/backup-error.js";
export { IMPORT_CODES } from "./conversion/import-codes.js";
export { STATUS_CODES } from "./status/status-codes.js";
export { storageFault, describeStorageFault, type StorageFault } from "./storage/storage-fault.js";
