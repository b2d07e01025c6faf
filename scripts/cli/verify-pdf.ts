// `elicence verify FILE.pdf [--json]`: validates a sealed licence PDF with the same engine as the API — trust from
// the data directory's PKI root, revocation from that PKI, live status and stored document hash from the store.
// Exit 0 TOTAL-PASSED, 1 TOTAL-FAILED, 3 INDETERMINATE, 2 bad usage or unreadable input.
import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { COMMAND_USAGE } from "./usage.js";
import { loadPki } from "@elicence/signer/pki/dev-pki.js";
import { trustListBody } from "@elicence/signer/trust-list/index.js";
import type { KeyStore } from "@elicence/signer/keys/key-store.js";
import {
  DEFAULT_LIMITS,
  ValidationPool,
  type LiveStatusPort,
  type ValidationReport,
} from "@elicence/signer/validation/index.js";
import type { RegistryConfig } from "@elicence/registry/config.js";
import { openMigratedStore } from "@elicence/registry/store/open-store.js";
import type { Store } from "@elicence/registry/store/store.js";
import { liveStatusFromStore, revocationFromPki } from "@elicence/registry/http/routes/verify-pdf.js";

type Out = { log: (s: string) => void; err: (s: string) => void };

const USAGE = COMMAND_USAGE["verify pdf"];
const EXIT: Record<ValidationReport["verdict"], number> = {
  "TOTAL-PASSED": 0,
  "TOTAL-FAILED": 1,
  INDETERMINATE: 3,
};
const MARK: Record<string, string> = { VALID: "ok  ", INVALID: "FAIL", SKIPPED: "skip", ERROR: "ERR " };

/** Validation reads no private key: a key store that refuses every use keeps it that way. */
const NO_KEYS: KeyStore = {
  generate: () => Promise.reject(new Error("elicence verify uses no private keys")),
  get: () => Promise.reject(new Error("elicence verify uses no private keys")),
  has: () => Promise.resolve(false),
  close: () => Promise.resolve(),
};

/** At most `limit + 1` bytes: enough for the size check to refuse a larger file without reading it all. */
async function readUpTo(file: string, limit: number): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const buf = new Uint8Array(Math.min(size, limit + 1));
    let at = 0;
    while (at < buf.length) {
      const { bytesRead } = await handle.read(buf, at, buf.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return buf.subarray(0, at);
  } finally {
    await handle.close();
  }
}

export function describeReport(file: string, r: ValidationReport): string[] {
  const lines = [`${file}: ${r.verdict}`, `  ${r.summary.zh}`, `  ${r.summary.en}`];
  if (r.identifier) lines.push(`  licence ${r.identifier}`);
  for (const c of r.checks)
    lines.push(
      `  ${MARK[c.status] ?? c.status} ${c.name.padEnd(20)} ${c.reason.code}  ${c.reason.message.en}`,
    );
  return lines;
}

export async function verifyPdfCommand(args: string[], out: Out, config: RegistryConfig): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" } } });
  } catch (e) {
    out.err(`elicence verify: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) {
    out.err(
      `elicence verify: ${file ? `one FILE.pdf at a time; unexpected "${parsed.positionals[1]}"` : "the FILE.pdf to verify is missing"}\n\n${USAGE}`,
    );
    return 2;
  }
  const pkiDir = path.join(config.dataDir, "pki");
  if (!existsSync(path.join(pkiDir, "state.json"))) {
    out.err(
      `elicence verify: no PKI in ${pkiDir}: run \`elicence init\` first (the root it creates is the trust anchor)`,
    );
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readUpTo(path.resolve(file), DEFAULT_LIMITS.maxBytes);
  } catch (e) {
    out.err(
      `elicence verify: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}: check the path and its permissions\n\n${USAGE}`,
    );
    return 2;
  }
  const now = new Date();
  const clock = () => now;
  // The worker loads while this thread loads the PKI and opens the store.
  const pool = new ValidationPool({ size: 1 });
  pool.start();
  let store: Store | undefined;
  try {
    const pki = await loadPki(pkiDir, NO_KEYS);
    let liveStatus: LiveStatusPort | undefined;
    try {
      ({ store } = await openMigratedStore(config));
      liveStatus = liveStatusFromStore(store, clock);
    } catch (e) {
      out.err(
        `elicence verify: the registry store is unavailable (${e instanceof Error ? e.message : String(e)}); checking without live status`,
      );
    }
    const report = await pool.validate(bytes, {
      // The data directory's own list: which seals are listed, revoked, and which licence types each may seal.
      trust: { rootDer: new Uint8Array(pki.root.rawData), trustList: await trustListBody(pki, now) },
      now,
      revocation: revocationFromPki(pki, clock),
      ...(liveStatus ? { liveStatus } : {}),
    });
    if (parsed.values.json) out.log(JSON.stringify(report));
    else for (const line of describeReport(file, report)) out.log(line);
    return EXIT[report.verdict];
  } finally {
    await pool.close();
    await store?.close();
  }
}
