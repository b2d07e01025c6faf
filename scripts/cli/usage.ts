// One home for every command's usage text: `--help` prints one of these, a user error prints it after the message,
// and the top-level usage is assembled from them, so the three can never disagree.

import { COMMAND_USAGE_ZH, ENVIRONMENT_ZH } from "./usage-zh.js";

export const COMMAND_USAGE = {
  serve: `usage: elicence serve [--accept-new-base-url] [--confirm-clock]
  run the registry (API, docs, pages) on PORT (default 8080); creates the data directory on first start and records
  the public base URL (asked on a terminal when ELICENCE_BASE_URL is unset); refuses to start when ELICENCE_BASE_URL
  differs from the recorded one, unless --accept-new-base-url (records the new one; then run elicence reseal)
  refuses to start when the clock is implausible (REG_CLOCK_IMPLAUSIBLE: before the latest recorded event or
  certificate, or more than ELICENCE_CLOCK_MAX_AHEAD_DAYS after it), unless --confirm-clock: the clock is right;
  certificates dated after it are issued again and the first expiry sweep may exceed its bounds (audited)`,
  init: `usage: elicence init [--base-url URL]
  create the data directory, database and dev PKI, record the public base URL (--base-url, else ELICENCE_BASE_URL,
  else http://HOST:PORT) that every QR code and certificate link carries, then exit`,
  "keys create": `usage: elicence keys create --role <admin|issuer|clerk|auditor> [--department USCC] [--label TEXT] [--json] [--init]
  create an API key in the data directory's store; it is printed once and only its hash is stored
  (--init: create the store if the data directory has none yet; without it a missing store is an error)`,
  "keys list": `usage: elicence keys list [--json]
  list API keys (ids, roles, departments; never the keys)`,
  "keys revoke": `usage: elicence keys revoke <id> --reason TEXT
  revoke an API key`,
  "audit verify": `usage: elicence audit verify [--json]
  recompute the audit hash chain; exit 1 naming the first bad event`,
  "verify pdf": `usage: elicence verify FILE.pdf|DIR… [--json] [--report OUT.csv] [--threads N]
  validate sealed licence PDFs (a directory: every *.pdf below it) with a pool of worker threads (--threads, default
  one per core); one file: every check; many: one line per file and the totals; --report writes one CSV row per file;
  exit 0 all passed, 1 any failed or unreadable, 3 otherwise any indeterminate`,
  "verify qr": `usage: elicence verify --qr TEXT [--json] [--trust-list FILE [--root ROOT.pem | --root-fingerprint HEX]] [--offline | --online [--registry URL]]
  check a licence QR code against the trust list (the data directory's PKI, or FILE, which must chain to the pinned
  root and not be older than the data directory's), then its live status from the data directory's store (--online:
  over HTTP from ELICENCE_BASE_URL or --registry URL, never the unsigned host in the code; --offline: not asked);
  exit 0 valid, 1 invalid or not valid now, 3 undecided`,
  import: `usage: elicence import FILE --type CODE --department USCC [--scans DIR] [--dry-run] [--report OUT.csv|OUT.xlsx] [--json] [--operator NAME] [--batch-size N] [--no-seal] [--seal-threads N]
  convert a paper register (CSV in UTF-8, UTF-8 with BOM or GBK, or XLSX: its first sheet) into licences; every
  problem is reported by row and column; re-running imports nothing twice; then seals the stored licences' PDFs
  (--no-seal leaves that to serve); 'elicence import template' writes a register template (a register file named
  "template" is imported as ./template)`,
  backup: `usage: elicence backup DIR [--json]
  an online backup of the data directory into the new or empty DIR, while the server runs: a SQLite snapshot, the
  sealed documents, the PKI (and pki/passphrase if there is one; ELICENCE_KEY_PASSPHRASE is never written), then
  manifest.json with every file's SHA-256, written last (a backup without it is incomplete). SQLite only: with
  MONGODB_URL use mongodump and copy documents/ and pki/`,
  restore: `usage: elicence restore DIR [--force] [--json]
  restore the backup DIR into the data directory (ELICENCE_DATA_DIR), which must be new or empty; stop the server
  first. Every file is checked against the manifest (a missing, extra or changed file refuses the whole backup), the
  restored audit chain is verified, and the directory appears only when all of it passed
  (--force: restore over a non-empty data directory, which is moved aside to DATADIR.replaced-<time>, never deleted)`,
  "import template": `usage: elicence import template --type CODE [--xlsx] [--out FILE.csv|FILE.xlsx]
  write the register template of a licence type: the header row as the importer reads it and an example row to
  replace; CSV in UTF-8 with BOM (to stdout without --out), or XLSX (--xlsx or --out FILE.xlsx) with a note on each
  header and drop-down lists for the columns with fixed values`,
  reseal: `usage: elicence reseal --since DATE [--type CODE] [--dry-run] [--json]
  give the licence versions issued or changed since DATE (YYYY-MM-DD) new sealed documents carrying the current
  public base URL (same version; the old document's hash kept in the audit log); running it again skips those done`,
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;

/** Commands with subcommands: their own usage lists the subcommands' usages. */
export const GROUP_USAGE = {
  keys: ["keys create", "keys list", "keys revoke"],
  audit: ["audit verify"],
  verify: ["verify pdf", "verify qr"],
} as const satisfies Record<string, readonly CommandName[]>;

const ENVIRONMENT = `environment: ELICENCE_DATA_DIR (default ./data), PORT (8080), HOST (127.0.0.1), ELICENCE_BASE_URL,
             ELICENCE_BASE_PATH (serve under a sub-path, e.g. /elicence; default the base URL's path),
             MONGODB_URL (use MongoDB instead of SQLite), REDIS_URL, LOG_LEVEL,
             ELICENCE_DEBUG=1 (print the stack trace of an internal error),
             LANG / LC_ALL (a Chinese locale such as zh_CN.UTF-8: output in Chinese)

every command and subcommand takes --help (-h); --lang zh|en picks the language.
exit 2: bad usage or input; 1: failed; 0: ok`;

export function groupUsage(group: keyof typeof GROUP_USAGE): string {
  return GROUP_USAGE[group].map((c) => COMMAND_USAGE[c]).join("\n\n");
}

export const USAGE = `usage: elicence <command> [options]

${(Object.keys(COMMAND_USAGE) as CommandName[]).map((c) => COMMAND_USAGE[c].replace(/^usage: /u, "")).join("\n\n")}

${ENVIRONMENT}`;

/** The top-level usage in Chinese, assembled the same way from the Chinese texts. */
export const USAGE_ZH = `用法：elicence <命令> [选项]

${(Object.keys(COMMAND_USAGE) as CommandName[]).map((c) => COMMAND_USAGE_ZH[c].replace(/^用法：/u, "")).join("\n\n")}

${ENVIRONMENT_ZH}`;

/**
 * A usage text in the reader's language: `text` is one of the English texts above (a command's, a group's or the
 * top-level one); its Chinese twin when lang is zh. A text not found here is returned as it is.
 */
export function localUsage(text: string, lang: "zh" | "en"): string {
  if (lang === "en") return text;
  if (text === USAGE) return USAGE_ZH;
  for (const c of Object.keys(COMMAND_USAGE) as CommandName[])
    if (COMMAND_USAGE[c] === text) return COMMAND_USAGE_ZH[c];
  for (const g of Object.keys(GROUP_USAGE) as (keyof typeof GROUP_USAGE)[])
    if (groupUsage(g) === text) return GROUP_USAGE[g].map((c) => COMMAND_USAGE_ZH[c]).join("\n\n");
  return text;
}

/**
 * A mistake the user can fix (bad option, missing value, unknown subcommand, unreadable file): the CLI prints the
 * message and the usage of `usage` (the top-level one when absent) and exits 2, never a stack trace.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string = USAGE,
  ) {
    super(message);
    this.name = "UsageError";
  }
}
