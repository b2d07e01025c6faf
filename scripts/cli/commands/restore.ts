// `elicence restore DIR`: a backup made by `elicence backup`, checked file by file, into the data directory.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { BackupError, loadConfig, restoreBackup } from "@elicence/registry";
import { REPO_ROOT, type Command } from "../context.js";
import { COMMAND_USAGE, UsageError } from "../usage.js";

export const restoreCommand: Command = async (args, out, env) => {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: "boolean" }, force: { type: "boolean" } },
    allowPositionals: true,
  });
  const [backupDir, ...more] = positionals;
  if (backupDir === undefined || more.length > 0)
    throw new UsageError(
      backupDir === undefined
        ? "elicence restore needs the backup directory to restore from"
        : `elicence restore takes one backup directory; unexpected "${more[0]}"`,
      COMMAND_USAGE.restore,
    );
  const config = loadConfig(env, REPO_ROOT);
  if (config.store.kind === "mongodb")
    throw new BackupError(
      "REG_BACKUP_MONGODB",
      `The store is MongoDB (MONGODB_URL, database ${config.store.dbName}): restore its dump with mongorestore and copy documents and pki into ${config.dataDir}; unset MONGODB_URL to restore a backup made by elicence backup.`,
    );
  const r = await restoreBackup({ backupDir, dataDir: config.dataDir, force: values.force === true });
  const m = r.manifest;
  if (values.json) {
    out.log(JSON.stringify({ dataDir: config.dataDir, ...r, manifest: { ...m, files: m.files.length } }));
    return 0;
  }
  out.log(`restored ${backupDir} (made ${m.createdAt} from ${m.sourceDataDir}) into ${config.dataDir}`);
  out.log(
    `  ${m.files.length} files checked against the manifest; ${m.licences} licences, ${m.documents} sealed documents`,
  );
  out.log(
    r.audit.head
      ? `  audit chain intact: ${r.audit.events} events, head #${r.audit.head.seq} ${r.audit.head.hash} (as in the manifest)`
      : "  audit log empty (as in the manifest)",
  );
  const pkiBaseUrl = recordedBaseUrl(config.dataDir);
  if (pkiBaseUrl !== null && pkiBaseUrl !== config.baseUrl)
    out.log(
      `  the PKI's certificates name ${pkiBaseUrl} (CRL, OCSP, QR codes): serve with ELICENCE_BASE_URL=${pkiBaseUrl} (this environment says ${config.baseUrl})`,
    );
  if (r.movedAside) out.log(`  the data directory that was there is kept at ${r.movedAside}`);
  if (m.passphrase === "environment")
    out.log(
      "  the PKI's keys need ELICENCE_KEY_PASSPHRASE, which the backup does not hold: set it before serve",
    );
  if (m.passphrase === "pkcs11")
    out.log("  the e-seal keys are in the PKCS#11 token: configure it before serve");
  return 0;
};

/** The base URL the restored dev PKI was made for (pki/state.json), or null when there is none to read. */
function recordedBaseUrl(dataDir: string): string | null {
  try {
    const state = JSON.parse(readFileSync(path.join(dataDir, "pki", "state.json"), "utf8")) as {
      baseUrl?: unknown;
    };
    return typeof state.baseUrl === "string" ? state.baseUrl : null;
  } catch {
    return null;
  }
}
