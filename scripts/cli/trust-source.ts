// Where `elicence verify --qr` gets the trust list it checks against, and the anchor that list must chain to. The
// anchor is never the list's own root: it is the data directory's PKI root, a root certificate given with --root, or
// a pinned SPKI SHA-256 given with --root-fingerprint (what the verifier page shows in its footer). A list numbered
// below the sequence the data directory already knows is refused as a rollback (it may predate a seal's revocation).
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
// Deep imports, not the package barrels: the compiled CLI loads only what verifying needs (scripts/build/build.ts).
import {
  anchorFromFingerprint,
  rootFingerprint,
  TRUST_LIST_PATH,
  trustListBody,
  verifyTrustList,
  type TrustAnchor,
  loadPki,
  type DevPki,
  type KeyStore,
} from "@elicence/signer/verify";
import type { TrustList } from "@elicence/signer/browser";
import type { RegistryConfig } from "@elicence/registry/offline";

const MAX_TRUST_LIST_BYTES = 8 * 1024 * 1024;
const MAX_ROOT_BYTES = 64 * 1024;

/** Offline verification reads no private key: a key store that refuses every use keeps it that way. */
export const NO_KEYS: KeyStore = {
  generate: () => Promise.reject(new Error("elicence verify uses no private keys")),
  get: () => Promise.reject(new Error("elicence verify uses no private keys")),
  has: () => Promise.resolve(false),
  close: () => Promise.resolve(),
};

export interface TrustSource {
  list: TrustList;
  /** Where the list came from, for the report. */
  from: string;
  stale: boolean;
  /** SPKI SHA-256 (hex) of the root the list was checked against, and where that anchor came from. */
  anchor: { fingerprint: string; from: string };
}

export type LoadedTrust = { ok: true; source: TrustSource } | { ok: false; exit: number; message: string };

export interface TrustOptions {
  trustList?: string | undefined;
  root?: string | undefined;
  rootFingerprint?: string | undefined;
}

const fail = (exit: number, message: string): LoadedTrust => ({ ok: false, exit, message });

/** A PEM or DER root certificate file as DER; null when it holds no certificate. */
async function readRoot(file: string): Promise<Uint8Array | null> {
  if ((await stat(file)).size > MAX_ROOT_BYTES) return null;
  const bytes = await readFile(file);
  const pem = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/u.exec(
    bytes.toString("latin1"),
  );
  return pem?.[1]
    ? new Uint8Array(Buffer.from(pem[1].replace(/\s+/gu, ""), "base64"))
    : new Uint8Array(bytes);
}

async function anchorOf(
  options: TrustOptions,
  pki: DevPki | null,
  pkiDir: string,
): Promise<{ anchor: TrustAnchor; fingerprint: string; from: string } | string> {
  if (options.root && options.rootFingerprint) return "give --root or --root-fingerprint, not both";
  if (options.rootFingerprint) {
    const anchor = anchorFromFingerprint(options.rootFingerprint);
    if (!anchor || anchor instanceof Uint8Array)
      return "--root-fingerprint must be the 64 hex digits of the root's SPKI SHA-256";
    const hex = Buffer.from(anchor.rootSpkiSha256).toString("hex");
    return { anchor, fingerprint: hex, from: "--root-fingerprint" };
  }
  if (options.root) {
    let der: Uint8Array | null;
    try {
      der = await readRoot(options.root);
    } catch (e) {
      return `cannot read ${options.root}: ${e instanceof Error ? e.message : String(e)}`;
    }
    const fingerprint = der ? await rootFingerprint(der) : null;
    if (!der || !fingerprint) return `${options.root} is not a certificate (PEM or DER)`;
    return { anchor: der, fingerprint, from: options.root };
  }
  if (!pki)
    return `no PKI in ${pkiDir} and no --root or --root-fingerprint: nothing to anchor the trust list to`;
  const der = new Uint8Array(pki.root.rawData);
  return { anchor: der, fingerprint: (await rootFingerprint(der)) ?? "", from: pkiDir };
}

export async function loadTrust(
  config: RegistryConfig,
  options: TrustOptions,
  now: Date,
): Promise<LoadedTrust> {
  const pkiDir = path.join(config.dataDir, "pki");
  const pki = existsSync(path.join(pkiDir, "state.json")) ? await loadPki(pkiDir, NO_KEYS) : null;
  if (!options.trustList) {
    if (!pki)
      return fail(
        2,
        `no PKI in ${pkiDir}: pass --trust-list FILE (saved from ${config.baseUrl}${TRUST_LIST_PATH})`,
      );
    if (options.root || options.rootFingerprint)
      return fail(
        2,
        "--root and --root-fingerprint check a --trust-list FILE; without one the data directory is used",
      );
  }
  const anchored = await anchorOf(options, pki, pkiDir);
  if (typeof anchored === "string") return fail(2, anchored);
  const anchor = { fingerprint: anchored.fingerprint, from: anchored.from };
  if (!options.trustList && pki) {
    // The data directory's own PKI state is trusted as it stands: the list is built from it, not fetched.
    const body = await trustListBody(pki, now);
    return { ok: true, source: { list: { ...body, signature: "" }, from: pkiDir, stale: false, anchor } };
  }
  const file = options.trustList ?? "";
  let json: unknown;
  try {
    if ((await stat(file)).size > MAX_TRUST_LIST_BYTES)
      return fail(2, `${file} is larger than a trust list can be`);
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    return fail(2, `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // The data directory remembers the newest list its registry numbered: an older one is a rollback.
  const minSequence = pki?.knownTrustListSequence();
  const checked = await verifyTrustList(json, anchored.anchor, now, minSequence ? { minSequence } : {});
  if (!checked.ok || !checked.list)
    return fail(3, `trust list ${file}: ${checked.reason.code}: ${checked.reason.message.en}`);
  return { ok: true, source: { list: checked.list, from: file, stale: checked.stale, anchor } };
}
