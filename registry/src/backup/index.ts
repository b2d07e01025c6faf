// Backup and restore of a SQLite data directory (the commands `elicence backup` and `elicence restore`).
export { BackupError, BACKUP_ERROR_CODES, type BackupErrorCode } from "./backup-error.js";
export { createBackup, type BackupOptions, type BackupResult } from "./create-backup.js";
export { restoreBackup, type RestoreOptions, type RestoreResult } from "./restore-backup.js";
export { checkBackup, MANIFEST_FILE, type BackupManifest } from "./manifest.js";
