// Shared test fixtures: a fixed clock, sample departments, a dev PKI in a temp directory, and an OpenSSL runner.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileKeyStore } from "../../src/keys/file-key-store.js";
import type { KeyStore } from "../../src/keys/key-store.js";
import { createDevPki } from "../../src/pki/create-dev-pki.js";
import type { DevPki } from "../../src/pki/dev-pki.js";
import type { SealDepartment } from "../../src/pki/department.js";
import { readPkiSpec } from "../../src/pki/pki-spec.js";
import { has } from "./softhsm.js";

/** Certificates are issued at this instant; OpenSSL checks use -attime a day later. */
export const FIXED_NOW = new Date("2026-06-01T08:00:00Z");
export const DAY = 86_400_000;
export const ATTIME = String(Math.floor((FIXED_NOW.getTime() + DAY) / 1000));

/** USCCs from IDENTIFIERS.md; names with Chinese text on purpose. */
export const DEPARTMENTS: SealDepartment[] = [
  { name: "某某市市场监督管理局", code: "11220000013544541J" },
  { name: "某某市教育局", code: "11100000000013338W" },
];

/** Every type of the catalogue (templates/): what a test department may seal unless a test says otherwise. */
export const CATALOGUE_TYPE_CODES: string[] = (() => {
  const dir = join(import.meta.dirname, "../../../templates");
  return readdirSync(dir).filter((d) => existsSync(join(dir, d, "type.json")));
})();

/** Low scrypt cost keeps tests fast; the default cost is exercised in file-key-store.test.ts. */
export const FAST_SCRYPT = { log2N: 10, r: 8, p: 1 };

export interface TempPki {
  dir: string;
  pki: DevPki;
  keyStore: KeyStore;
  remove(): void;
}

export async function createTempPki(
  options: {
    keyStore?: KeyStore;
    departments?: SealDepartment[];
    algorithm?: "ECDSA-P256" | "RSA-3072";
  } = {},
): Promise<TempPki> {
  const dir = mkdtempSync(join(tmpdir(), "elicence-pki-"));
  const keyStore =
    options.keyStore ?? new FileKeyStore(join(dir, "keys"), "test passphrase", { scrypt: FAST_SCRYPT });
  const pki = await createDevPki({
    dir,
    spec: await readPkiSpec(),
    // Departments without licence types may seal every catalogue type: tests about authority give their own.
    departments: (options.departments ?? DEPARTMENTS).map((d) => ({
      ...d,
      licenceTypes: d.licenceTypes ?? CATALOGUE_TYPE_CODES,
    })),
    baseUrl: "http://localhost:3000/",
    ...(options.algorithm ? { algorithm: options.algorithm } : {}),
    now: FIXED_NOW,
    keyStore,
  });
  return { dir, pki, keyStore, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const opensslMissingReason = has("openssl")
  ? undefined
  : "openssl is not installed (apt-get install openssl)";

/** Runs openssl in `cwd`; returns its exit status and stdout+stderr together (OpenSSL splits verdicts between them). */
export function openssl(cwd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync("openssl", args, { cwd, encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

export function write(dir: string, name: string, data: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** Answers the OCSP request in `requestFile` with the PKI and has `openssl ocsp` verify and print the response. */
export async function opensslOcspAnswer(t: TempPki, requestFile: string, now: Date): Promise<string> {
  write(
    t.dir,
    "r.resp",
    await t.pki.respondOcsp(new Uint8Array(readFileSync(join(t.dir, requestFile))), now),
  );
  return openssl(t.dir, [
    "ocsp",
    "-respin",
    "r.resp",
    "-reqin",
    requestFile,
    "-CAfile",
    "certs/root.pem",
    "-issuer",
    "certs/issuing.pem",
    "-validity_period",
    String(20 * 365 * 86400),
    "-resp_text",
  ]).out;
}

/** Timestamps a file with the PKI's TSA from an `openssl ts -query` and returns what `openssl ts -verify` says. */
export async function opensslTimestampVerdict(t: TempPki, now: Date): Promise<string> {
  write(t.dir, "f.txt", "data");
  openssl(t.dir, ["ts", "-query", "-data", "f.txt", "-sha256", "-cert", "-out", "q.tsq"]);
  write(t.dir, "r.tsr", await t.pki.timestamp(new Uint8Array(readFileSync(join(t.dir, "q.tsq"))), now));
  write(t.dir, "tsa-chain.pem", readFileSync(join(t.dir, "certs", "tsa.pem"), "utf8") + t.pki.issuingPem);
  return openssl(t.dir, [
    "ts",
    "-verify",
    "-in",
    "r.tsr",
    "-queryfile",
    "q.tsq",
    "-CAfile",
    "certs/root.pem",
    "-untrusted",
    "tsa-chain.pem",
  ]).out;
}
