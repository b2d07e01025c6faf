// One home for every command's usage text: `--help` prints one of these, a user error prints it after the message,
// and the top-level usage is assembled from them, so the three can never disagree.

export const COMMAND_USAGE = {
  serve: `usage: elicence serve [--accept-new-base-url]
  run the registry (API, docs, pages) on PORT (default 8080); creates the data directory on first start and records
  the public base URL (asked on a terminal when ELICENCE_BASE_URL is unset); refuses to start when ELICENCE_BASE_URL
  differs from the recorded one, unless --accept-new-base-url (records the new one; then run elicence reseal)`,
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
  "verify pdf": `usage: elicence verify FILE.pdf [--json]
  validate a sealed licence PDF; exit 0 passed, 1 failed, 3 indeterminate`,
  "verify qr": `usage: elicence verify --qr TEXT [--json] [--trust-list FILE [--root ROOT.pem | --root-fingerprint HEX]] [--offline | --online [--registry URL]]
  check a licence QR code against the trust list (the data directory's PKI, or FILE, which must chain to the pinned
  root and not be older than the data directory's), then its live status from the data directory's store (--online:
  over HTTP from ELICENCE_BASE_URL or --registry URL, never the unsigned host in the code; --offline: not asked);
  exit 0 valid, 1 invalid or not valid now, 3 undecided`,
  import: `usage: elicence import FILE --type CODE --department USCC [--scans DIR] [--dry-run] [--report OUT.csv|OUT.xlsx] [--json] [--operator NAME] [--batch-size N] [--no-seal] [--seal-threads N]
  convert a paper register (CSV in UTF-8, UTF-8 with BOM or GBK, or XLSX: its first sheet) into licences; every
  problem is reported by row and column; re-running imports nothing twice; then seals the stored licences' PDFs
  (--no-seal leaves that to serve)`,
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
             ELICENCE_DEBUG=1 (print the stack trace of an internal error)

every command and subcommand takes --help (-h). exit 2: bad usage or input; 1: failed; 0: ok`;

export function groupUsage(group: keyof typeof GROUP_USAGE): string {
  return GROUP_USAGE[group].map((c) => COMMAND_USAGE[c]).join("\n\n");
}

export const USAGE = `usage: elicence <command> [options]

${(Object.keys(COMMAND_USAGE) as CommandName[]).map((c) => COMMAND_USAGE[c].replace(/^usage: /u, "")).join("\n\n")}

${ENVIRONMENT}`;

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
