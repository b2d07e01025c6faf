// The dev key store: one passphrase-encrypted PKCS#8 PEM per key in a directory (PBES2, scrypt, AES-256-CBC).
// Not for production keys: those belong on a token (Pkcs11KeyStore).
import { createPublicKey, generateKeyPair, sign as nodeSign, webcrypto } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_SCRYPT_COST, decryptPkcs8, encryptPkcs8 } from "./encrypted-pkcs8.js";
import type { ScryptCost } from "./encrypted-pkcs8.js";
import { KeyStoreError } from "./key-store-error.js";
import { KEY_ALGORITHMS, isValidKeyLabel, webCryptoParams } from "./key-store.js";
import type { KeyAlgorithm, KeyHandle, KeyStore } from "./key-store.js";

export interface FileKeyStoreOptions {
  /** scrypt cost for newly written keys; tests lower it to stay fast. Existing files carry their own cost. */
  scrypt?: ScryptCost;
}

function algorithmOf(key: KeyObject): KeyAlgorithm | undefined {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === "ec" && details?.namedCurve === "prime256v1") return "ECDSA-P256";
  if (key.asymmetricKeyType === "rsa" && details?.modulusLength === 3072) return "RSA-3072";
  return undefined;
}

async function newKeyPair(algorithm: KeyAlgorithm): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, _pub: KeyObject, priv: KeyObject): void =>
      err ? reject(err) : resolve(priv);
    if (algorithm === "ECDSA-P256") generateKeyPair("ec", { namedCurve: "P-256" }, done);
    else generateKeyPair("rsa", { modulusLength: 3072, publicExponent: 0x10001 }, done);
  });
}

async function handleFor(label: string, algorithm: KeyAlgorithm, key: KeyObject): Promise<KeyHandle> {
  const pkcs8 = key.export({ type: "pkcs8", format: "der" });
  const privateKey = await webcrypto.subtle.importKey(
    "pkcs8",
    pkcs8,
    webCryptoParams(algorithm).import,
    false,
    ["sign"],
  );
  pkcs8.fill(0);
  const publicKey = new Uint8Array(createPublicKey(key).export({ type: "spki", format: "der" }));
  return {
    label,
    algorithm,
    publicKey,
    privateKey,
    crypto: webcrypto,
    async sign(data: Uint8Array): Promise<Uint8Array> {
      // dsaEncoding "der" gives the ECDSA-Sig-Value CMS wants; RSA keys sign PKCS#1 v1.5 by default.
      return new Uint8Array(nodeSign("sha256", data, { key, dsaEncoding: "der" }));
    },
  };
}

export class FileKeyStore implements KeyStore {
  readonly #dir: string;
  readonly #passphrase: string;
  readonly #cost: ScryptCost;
  readonly #cache = new Map<string, Promise<KeyHandle>>();

  constructor(dir: string, passphrase: string, options: FileKeyStoreOptions = {}) {
    if (typeof passphrase !== "string" || passphrase.length === 0) {
      throw new KeyStoreError(
        "SIG_KEY_PASSPHRASE_REQUIRED",
        "FileKeyStore needs a non-empty passphrase to encrypt private keys; set one in the signer configuration.",
      );
    }
    this.#dir = dir;
    this.#passphrase = passphrase;
    this.#cost = options.scrypt ?? DEFAULT_SCRYPT_COST;
  }

  /** Where the key for `label` is (or would be) stored. */
  pathOf(label: string): string {
    this.#checkLabel(label);
    return join(this.#dir, `${label}.key.pem`);
  }

  async generate(label: string, algorithm: KeyAlgorithm): Promise<KeyHandle> {
    const path = this.pathOf(label);
    if (!KEY_ALGORITHMS.includes(algorithm)) {
      throw new KeyStoreError(
        "SIG_KEY_ALGORITHM_UNSUPPORTED",
        `Unsupported key algorithm "${String(algorithm)}".`,
      );
    }
    const key = await newKeyPair(algorithm);
    const pkcs8 = key.export({ type: "pkcs8", format: "der" });
    const pem = await encryptPkcs8(pkcs8, this.#passphrase, this.#cost);
    pkcs8.fill(0);
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    try {
      // "wx": never overwrite a key, even if two processes race for the same label.
      await writeFile(path, pem, { flag: "wx", mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") {
        throw new KeyStoreError(
          "SIG_KEY_EXISTS",
          `A key labelled "${label}" already exists in ${this.#dir}.`,
        );
      }
      throw err;
    }
    const handle = handleFor(label, algorithm, key);
    this.#cache.set(label, handle);
    return handle;
  }

  async get(label: string): Promise<KeyHandle> {
    const path = this.pathOf(label);
    const cached = this.#cache.get(label);
    if (cached) return cached;
    const loading = this.#load(label, path);
    this.#cache.set(label, loading);
    loading.catch(() => this.#cache.delete(label));
    return loading;
  }

  async has(label: string): Promise<boolean> {
    const path = this.pathOf(label);
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.#cache.clear();
  }

  async #load(label: string, path: string): Promise<KeyHandle> {
    let pem: string;
    try {
      pem = await readFile(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        throw new KeyStoreError("SIG_KEY_NOT_FOUND", `No key labelled "${label}" in ${this.#dir}.`);
      }
      throw err;
    }
    let key: KeyObject;
    try {
      key = await decryptPkcs8(pem, this.#passphrase);
    } catch (cause) {
      throw new KeyStoreError(
        "SIG_KEY_DECRYPT_FAILED",
        `Cannot decrypt key "${label}": wrong passphrase or damaged file (${path}).`,
        { cause },
      );
    }
    const algorithm = algorithmOf(key);
    if (!algorithm) {
      throw new KeyStoreError(
        "SIG_KEY_FILE_INVALID",
        `Key "${label}" is neither ECDSA P-256 nor RSA-3072; replace ${path} with a supported key.`,
      );
    }
    return handleFor(label, algorithm, key);
  }

  #checkLabel(label: string): void {
    if (!isValidKeyLabel(label)) {
      throw new KeyStoreError(
        "SIG_KEY_LABEL_INVALID",
        `Key label "${label}" is invalid: use 1–64 characters from A-Z a-z 0-9 . _ -`,
      );
    }
  }
}
