// `elicence backup DIR`: an online backup of the data directory (SQLite snapshot, sealed documents, PKI), with a
// manifest written last.
import { parseArgs } from "node:util";
import { BackupError, createBackup, loadConfig } from "@elicence/registry";
import { REPO_ROOT, type Command } from "../context.js";
import { COMMAND_USAGE, UsageError } from "../usage.js";

export const backupCommand: Command = async (args, out, env) => {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: "boolean" } },
    allowPositionals: true,
  });
  const [target, ...more] = positionals;
  if (target === undefined || more.length > 0)
    throw new UsageError(
      target === undefined
        ? "elicence backup needs the directory to write the backup to"
        : `elicence backup takes one directory; unexpected "${more[0]}"`,
      COMMAND_USAGE.backup,
    );
  const config = loadConfig(env, REPO_ROOT);
  if (config.store.kind === "mongodb")
    throw new BackupError(
      "REG_BACKUP_MONGODB",
      `The store is MongoDB (MONGODB_URL, database ${config.store.dbName}); for example: mongodump --uri "$MONGODB_URL" --db ${config.store.dbName} --out ${target}/mongodump.`,
    );
  const r = await createBackup({
    dataDir: config.dataDir,
    target,
    passphraseSource:
      config.keys.kind === "pkcs11" ? "pkcs11" : config.keyPassphrase !== null ? "environment" : "data-dir",
  });
  const m = r.manifest;
  if (values.json) {
    out.log(JSON.stringify({ target, ...r, manifest: { ...m, files: m.files.length } }));
    return 0;
  }
  out.log(`backup written to ${target} (manifest ${m.createdAt})`);
  out.log(
    `  ${m.licences} licences, ${m.documents} sealed documents${r.extraDocuments > 0 ? ` (+${r.extraDocuments} not named by the snapshot: written during the backup or orphaned)` : ""}; ${m.files.length} files, ${(r.bytes / 1024 / 1024).toFixed(1)} MiB`,
  );
  out.log(
    `  SQLite schema version ${m.store.schemaVersion}; audit head #${m.auditHead?.seq ?? 0} ${m.auditHead?.hash ?? "(empty log)"}`,
  );
  const passphrase = {
    environment:
      "the PKI's key passphrase comes from ELICENCE_KEY_PASSPHRASE and is NOT in the backup: keep it apart; a restore needs it to seal",
    pkcs11:
      "the e-seal keys are in the PKCS#11 token and NOT in the backup: back the token up with its own tools",
    "in-backup":
      "the PKI's key passphrase (pki/passphrase) IS in the backup, beside the keys it opens: keep the backup as secret as the data directory",
    none: "no PKI passphrase file in the data directory",
  }[m.passphrase];
  out.log(`  ${passphrase}`);
  if (r.skipped.length > 0)
    out.log(`  not copied: ${r.skipped.join(", ")} (import jobs and temp files do not survive a restart)`);
  return 0;
};
