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
} from "@elicence/signer";
import type { RegistryConfig } from "../config.js";
import type { Catalogue } from "../catalogue/index.js";
import { settleBaseUrl, type Settled, type SettleOptions } from "../public-url/base-url-record.js";
import { readState } from "@elicence/signer/pki/pki-state.js";
import { RegistryError } from "../errors.js";
import { judgeClock, newestReference } from "../health/clock-check.js";
import { latestEventReference, pkiReference } from "../health/recorded-times.js";
import { clockFix } from "../health/clock-guard.js";

export interface SigningRuntime {
  pki: DevPki;
  sealer: LicenceSealer;
  /** True when this start created the PKI. */
  created: boolean;
  /** How the configured public base URL compared with the recorded one (see base-url-record.ts). */
  baseUrl: Settled;
  close(): Promise<void>;
}

/**
 * The dev PKI's key files are encrypted with ELICENCE_KEY_PASSPHRASE, or else with a random passphrase generated into
 * <data>/pki/passphrase (mode 0600) on first start: a development convenience, never a default secret.
 */
function passphrase(config: RegistryConfig, pkiDir: string): string {
  if (config.keyPassphrase) return config.keyPassphrase;
  const file = path.join(pkiDir, "passphrase");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const p = randomBytes(24).toString("base64url");
  writeFileSync(file, p + "\n", { mode: 0o600, flag: "wx" });
  return p;
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
  const keyStore: KeyStore =
    config.keys.kind === "pkcs11"
      ? new Pkcs11KeyStore({
          library: config.keys.library,
          tokenLabel: config.keys.tokenLabel,
          pin: config.keys.pin,
        })
      : new FileKeyStore(path.join(dir, "keys"), passphrase(config, dir));
  // Each department with the types it may issue: the PKI records them and the trust list publishes them, so a
  // verifier refuses a seal on a type its department may not issue.
  const departments = new Map<string, { code: string; name: string; licenceTypes: string[] }>();
  for (const t of catalogue.list())
    for (const i of t.issuers) {
      const d = departments.get(i.code) ?? { code: i.code, name: i.name, licenceTypes: [] };
      d.licenceTypes.push(t.code);
      departments.set(i.code, d);
    }
  const pki = await createDevPki({
    dir,
    spec: await readPkiSpec(),
    departments: [...departments.values()],
    baseUrl: config.baseUrl,
    algorithm: config.pkiAlgorithm,
    now,
    keyStore,
  });
  const sealer = new LicenceSealer({
    templatesDir: config.templatesDir,
    pki,
    ...(config.tsaUrl ? { tsaUrl: config.tsaUrl } : {}),
  });
  return { pki, sealer, created, baseUrl, close: () => keyStore.close() };
}
