// Opens the signer for a registry process: the dev PKI in <data>/pki (created on first start, an e-seal certificate
// for every issuing department of the catalogue), keys in encrypted files or a PKCS#11 token, and the sealer.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  createDevPki,
  FileKeyStore,
  LicenceSealer,
  Pkcs11KeyStore,
  readPkiSpec,
  type DevPki,
  type KeyStore,
  readState,
} from "@elicence/signer";
import { RegistryError } from "../errors.js";
import type { RegistryConfig } from "../config.js";
import type { Catalogue } from "../catalogue/index.js";
import { settleBaseUrl, type Settled, type SettleOptions } from "../public-url/base-url-record.js";
import { judgeClock, newestReference } from "../health/clock-check.js";
import { latestEventReference, pkiReference } from "../health/recorded-times.js";
import { clockFix } from "../health/clock-guard.js";
import { registryErrorFor, withSignerErrors } from "./signer-errors.js";

export interface SigningRuntime {
  pki: DevPki;
  sealer: LicenceSealer;
  /** True when this start created the PKI. */
  created: boolean;
  /** How the configured public base URL compared with the recorded one (see base-url-record.ts). */
  baseUrl: Settled;
  /** What was repaired on the way (a dead process's PKI lock, a half-created PKI set aside): for the operator's log. */
  notices: string[];
  close(): Promise<void>;
}

/** Where the passphrase came from, as the operator names it (the variable or the file). */
interface Passphrase {
  value: string;
  source: string;
}

/**
 * The dev PKI's key files are encrypted with ELICENCE_KEY_PASSPHRASE, or else with a random passphrase generated into
 * <data>/pki/passphrase (mode 0600) when the PKI is created: a development convenience, never a default secret. An
 * existing PKI never gets a new one: its keys were encrypted with the old passphrase, and a new one would only let
 * the registry start and fail at the first seal (or, worse, encrypt new keys with it beside the old).
 */
function passphrase(config: RegistryConfig, pkiDir: string, creating: boolean): Passphrase {
  if (config.keyPassphrase) return { value: config.keyPassphrase, source: "ELICENCE_KEY_PASSPHRASE" };
  const file = path.join(pkiDir, "passphrase");
  const source = `${file} (ELICENCE_KEY_PASSPHRASE is not set)`;
  const read = () => (existsSync(file) ? readFileSync(file, "utf8").trim() : "");
  const existing = read();
  if (existing) return { value: existing, source };
  if (!creating)
    throw new RegistryError(
      "REG_KEY_PASSPHRASE_MISSING",
      `The PKI in ${pkiDir} exists but ELICENCE_KEY_PASSPHRASE is not set and ${file} is missing or empty: set ELICENCE_KEY_PASSPHRASE to the passphrase the PKI was created with, or restore ${file} from the backup. No new passphrase is made for existing keys.`,
    );
  const p = randomBytes(24).toString("base64url");
  try {
    // "wx": a process starting beside this one may have written it first; then that one is the passphrase.
    writeFileSync(file, p + "\n", { mode: 0o600, flag: existsSync(file) ? "w" : "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    return { value: read(), source };
  }
  return { value: p, source };
}

/**
 * Decrypts one key of an existing PKI (the issuing CA's) with the passphrase, so a wrong one stops the start with its
 * source named, instead of a server that answers 500 at the first seal. One scrypt derivation: tens of milliseconds.
 */
async function checkPassphrase(keyStore: FileKeyStore, pkiDir: string, from: Passphrase): Promise<void> {
  let label: string | undefined;
  try {
    const state = JSON.parse(readFileSync(path.join(pkiDir, "state.json"), "utf8")) as {
      certificates?: { role?: string; keyLabel?: string }[];
    };
    label = state.certificates?.findLast((c) => c.role === "issuing")?.keyLabel;
  } catch {
    // An unreadable state file is reported by the PKI itself (SIG_PKI_STATE_INVALID), with its remedy.
    return;
  }
  if (!label) return;
  const keyFile = keyStore.pathOf(label);
  await withSignerErrors("check-passphrase", { passphrase: { source: from.source, keyFile, pkiDir } }, () =>
    keyStore.get(label),
  );
}

export interface OpenSigningOptions extends Omit<SettleOptions, "now"> {
  /**
   * `serve --confirm-clock`: the clock is right even though it is implausible against what was recorded; certificates
   * dated after it are issued again from it. Without it, an implausible clock stops the start (REG_CLOCK_IMPLAUSIBLE).
   */
  confirmClock?: boolean;
}

/**
 * Renewing certificates by a clock years ahead dates them all in the future (issue 11): before the PKI renews anything,
 * the clock is judged against the store's latest event and the certificates in use (health/clock-check.ts).
 */
async function checkClockAtStart(
  config: RegistryConfig,
  dir: string,
  now: Date,
  options: OpenSigningOptions,
): Promise<void> {
  if (options.confirmClock) return;
  const state = await readState(dir);
  const reference = newestReference(
    options.store ? await latestEventReference(options.store) : null,
    state ? pkiReference(state.certificates) : null,
  );
  const verdict = judgeClock(now, reference, {
    toleranceMinutes: config.limits.clockToleranceMinutes,
    maxAheadDays: config.limits.clockMaxAheadDays,
  });
  if (verdict.state !== "ok")
    throw new RegistryError(
      "REG_CLOCK_IMPLAUSIBLE",
      `Not started: ${verdict.message}. No certificate was renewed or issued. ${clockFix(verdict.reference, false)}.`,
    );
}

export async function openSigning(
  config: RegistryConfig,
  catalogue: Catalogue,
  now: Date,
  options: OpenSigningOptions = {},
): Promise<SigningRuntime> {
  const dir = path.join(config.dataDir, "pki");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  await checkClockAtStart(config, dir, now, options);
  // Before anything is sealed or certified: the base URL the documents and certificates will carry is the recorded one.
  const { confirmClock: _confirmClock, ...settle } = options;
  const baseUrl = await settleBaseUrl(config, { ...settle, now });
  const created = !existsSync(path.join(dir, "state.json"));
  let keyStore: KeyStore;
  if (config.keys.kind === "pkcs11")
    keyStore = new Pkcs11KeyStore({
      library: config.keys.library,
      tokenLabel: config.keys.tokenLabel,
      pin: config.keys.pin,
    });
  else {
    const from = passphrase(config, dir, created);
    const files = new FileKeyStore(path.join(dir, "keys"), from.value);
    // Before the PKI is extended: new keys must never be encrypted with a passphrase the old ones do not share.
    if (!created) await checkPassphrase(files, dir, from);
    keyStore = files;
  }
  // Each department with the types it may issue: the PKI records them and the trust list publishes them, so a
  // verifier refuses a seal on a type its department may not issue.
  const departments = new Map<string, { code: string; name: string; licenceTypes: string[] }>();
  for (const t of catalogue.list())
    for (const i of t.issuers) {
      const d = departments.get(i.code) ?? { code: i.code, name: i.name, licenceTypes: [] };
      d.licenceTypes.push(t.code);
      departments.set(i.code, d);
    }
  const notices: string[] = [];
  let pki: DevPki;
  try {
    pki = await createDevPki({
      dir,
      spec: await readPkiSpec(),
      departments: [...departments.values()],
      baseUrl: config.baseUrl,
      algorithm: config.pkiAlgorithm,
      now,
      keyStore,
      notice: (m) => notices.push(m),
    });
  } catch (err) {
    await keyStore.close();
    throw registryErrorFor(err, "open-pki");
  }
  const sealer = new LicenceSealer({
    templatesDir: config.templatesDir,
    pki,
    ...(config.tsaUrl ? { tsaUrl: config.tsaUrl } : {}),
  });
  return { pki, sealer, created, baseUrl, notices, close: () => keyStore.close() };
}
