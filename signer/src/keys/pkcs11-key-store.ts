// Keys on a PKCS#11 token (an HSM in production, SoftHSM2 in tests): generated on the token as sensitive and
// non-extractable, and every signature is computed by the token.
//
// Library choice: node-webcrypto-p11 (on top of graphene-pk11 → pkcs11js). It turns token keys into WebCrypto
// CryptoKeys behind a WebCrypto `Crypto`, which is exactly what @peculiar/x509 (certificates, CRLs) takes as its
// signing provider, so the PKI code is identical for file and token keys. graphene-pk11 alone would mean writing
// the mechanism and attribute templates ourselves; raw pkcs11js even more so. Checked on Node 20 with SoftHSM 2.6.
// We open the graphene session ourselves (to pick the token by label and keep one module per library) and hand
// it to node-webcrypto-p11.
import { webcrypto } from "node:crypto";
import * as graphene from "graphene-pk11";
import { Crypto as P11Crypto, CryptoKey as P11CryptoKey } from "node-webcrypto-p11";
import { ecdsaRawToDer } from "./ecdsa-signature.js";
import { KeyStoreError } from "./key-store-error.js";
import { KEY_ALGORITHMS, isValidKeyLabel, webCryptoParams } from "./key-store.js";
import type { KeyAlgorithm, KeyHandle, KeyStore } from "./key-store.js";

export interface Pkcs11KeyStoreOptions {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  library: string;
  /** Token label (preferred: slot numbers change when SoftHSM re-initialises tokens). */
  tokenLabel?: string;
  /** Index into the list of slots that hold a token, when no label is given. Default 0. */
  slot?: number;
  /** User PIN. */
  pin: string;
}

// One loaded module per library path: C_Finalize must run only when the last store using it closes.
const modules = new Map<string, { module: graphene.Module; users: number }>();

function acquireModule(library: string): graphene.Module {
  const entry = modules.get(library);
  if (entry) {
    entry.users++;
    return entry.module;
  }
  const module = graphene.Module.load(library, "elicence");
  module.initialize();
  modules.set(library, { module, users: 1 });
  return module;
}

function releaseModule(library: string): void {
  const entry = modules.get(library);
  if (!entry) return;
  entry.users--;
  if (entry.users > 0) return;
  modules.delete(library);
  try {
    entry.module.finalize();
  } finally {
    entry.module.close();
  }
}

/** A PKCS#11 session runs one operation at a time: token calls are queued, never interleaved. */
class SessionQueue {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(task, task);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * A WebCrypto `Crypto` whose SubtleCrypto calls go through the session queue, so that @peculiar/x509 and our own
 * sign() never collide on the token. Digests stay in Node: nothing secret is involved and it saves token round trips.
 */
function queuedCrypto(inner: P11Crypto, queue: SessionQueue): webcrypto.Crypto {
  const subtle = inner.subtle as unknown as Record<string, unknown>;
  const wrapped = new Proxy(subtle, {
    get(target, prop) {
      if (prop === "digest") return webcrypto.subtle.digest.bind(webcrypto.subtle);
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) =>
        queue.run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
  return {
    subtle: wrapped as unknown as webcrypto.SubtleCrypto,
    getRandomValues: <T extends ArrayBufferView | null>(array: T): T =>
      webcrypto.getRandomValues(array as never),
    randomUUID: () => webcrypto.randomUUID(),
  } as unknown as webcrypto.Crypto;
}

function findSlot(module: graphene.Module, options: Pkcs11KeyStoreOptions): graphene.Slot {
  const slots = module.getSlots(true);
  if (options.tokenLabel !== undefined) {
    for (let i = 0; i < slots.length; i++) {
      const slot = slots.items(i);
      if (slot.getToken().label.trim() === options.tokenLabel) return slot;
    }
    throw new KeyStoreError(
      "SIG_PKCS11_TOKEN_NOT_FOUND",
      `No PKCS#11 token labelled "${options.tokenLabel}" in ${options.library}; list tokens with softhsm2-util --show-slots.`,
    );
  }
  const index = options.slot ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= slots.length) {
    throw new KeyStoreError(
      "SIG_PKCS11_TOKEN_NOT_FOUND",
      `No token in slot index ${index} of ${options.library} (${slots.length} slot(s) with a token).`,
    );
  }
  return slots.items(index);
}

function algorithmOfKey(key: graphene.PrivateKey): KeyAlgorithm | undefined {
  if (key.type === graphene.KeyType.EC) {
    // CKA_EC_PARAMS holds the curve OID: 06 08 2A8648CE3D030107 is prime256v1.
    // graphene reports CKA_EC_PARAMS under its older alias paramsECDSA (same attribute number).
    const attrs = key.getAttribute({ paramsEC: null }) as { paramsEC?: Buffer; paramsECDSA?: Buffer };
    const params = attrs.paramsEC ?? attrs.paramsECDSA;
    return params?.toString("hex") === "06082a8648ce3d030107" ? "ECDSA-P256" : undefined;
  }
  if (key.type === graphene.KeyType.RSA) {
    const modulus = key.getAttribute({ modulus: null }).modulus as Buffer | undefined;
    return modulus?.length === 384 ? "RSA-3072" : undefined;
  }
  return undefined;
}

export class Pkcs11KeyStore implements KeyStore {
  readonly #library: string;
  readonly #session: graphene.Session;
  readonly #p11: P11Crypto;
  readonly #crypto: webcrypto.Crypto;
  readonly #queue = new SessionQueue();
  readonly #cache = new Map<string, Promise<KeyHandle>>();
  #closed = false;

  constructor(options: Pkcs11KeyStoreOptions) {
    this.#library = options.library;
    const module = acquireModule(options.library);
    try {
      const slot = findSlot(module, options);
      this.#session = slot.open(graphene.SessionFlag.SERIAL_SESSION | graphene.SessionFlag.RW_SESSION);
      try {
        this.#session.login(options.pin, graphene.UserType.USER);
      } catch (cause) {
        // Login state is per token and process: when another store already logged in, the token answers
        // ALREADY_LOGGED_IN without checking this PIN. The process holds access either way.
        if (!String(cause).includes("CKR_USER_ALREADY_LOGGED_IN")) {
          this.#session.close();
          throw new KeyStoreError("SIG_PKCS11_LOGIN_FAILED", "PKCS#11 login failed: check the token PIN.", {
            cause,
          });
        }
      }
    } catch (err) {
      releaseModule(options.library);
      throw err;
    }
    this.#p11 = new P11Crypto({ session: this.#session, name: "elicence" });
    this.#crypto = queuedCrypto(this.#p11, this.#queue);
  }

  async generate(label: string, algorithm: KeyAlgorithm): Promise<KeyHandle> {
    this.#check(label);
    if (!KEY_ALGORITHMS.includes(algorithm)) {
      throw new KeyStoreError(
        "SIG_KEY_ALGORITHM_UNSUPPORTED",
        `Unsupported key algorithm "${String(algorithm)}".`,
      );
    }
    const handle = this.#queue.run(async () => {
      if (this.#findPrivate(label)) {
        throw new KeyStoreError("SIG_KEY_EXISTS", `A key labelled "${label}" already exists on the token.`);
      }
      // token: persist on the token; sensitive + extractable=false: the private value never leaves it.
      const params = { ...webCryptoParams(algorithm).generate, token: true, sensitive: true, label };
      const pair = await this.#p11.subtle.generateKey(params as never, false, ["sign", "verify"]);
      return this.#handle(label, algorithm, pair.privateKey, pair.publicKey);
    });
    this.#cache.set(label, handle);
    handle.catch(() => this.#cache.delete(label));
    return handle;
  }

  async get(label: string): Promise<KeyHandle> {
    this.#check(label);
    const cached = this.#cache.get(label);
    if (cached) return cached;
    const handle = this.#queue.run(async () => {
      const found = this.#findPrivate(label);
      if (!found) throw new KeyStoreError("SIG_KEY_NOT_FOUND", `No key labelled "${label}" on the token.`);
      const algorithm = algorithmOfKey(found);
      if (!algorithm) {
        throw new KeyStoreError(
          "SIG_KEY_FILE_INVALID",
          `Token key "${label}" is neither ECDSA P-256 nor RSA-3072.`,
        );
      }
      const publicObject = this.#findPublic(label);
      if (!publicObject) {
        throw new KeyStoreError(
          "SIG_KEY_NOT_FOUND",
          `Token key "${label}" has no public key object beside it.`,
        );
      }
      const params = webCryptoParams(algorithm).import;
      const privateKey = await this.#p11.keyStorage.getItem(
        P11CryptoKey.getID(found),
        params as never,
        false,
        ["sign"],
      );
      const publicKey = await this.#p11.keyStorage.getItem(
        P11CryptoKey.getID(publicObject),
        params as never,
        true,
        ["verify"],
      );
      return this.#handle(label, algorithm, privateKey, publicKey);
    });
    this.#cache.set(label, handle);
    handle.catch(() => this.#cache.delete(label));
    return handle;
  }

  async has(label: string): Promise<boolean> {
    this.#check(label);
    return this.#queue.run(async () => this.#findPrivate(label) !== undefined);
  }

  /**
   * The token's own view of a private key's protection: what tests and operators check to be sure the key
   * cannot leave the token.
   */
  async protectionOf(label: string): Promise<{
    sensitive: boolean;
    extractable: boolean;
    neverExtractable: boolean;
    alwaysSensitive: boolean;
  }> {
    this.#check(label);
    return this.#queue.run(async () => {
      const key = this.#findPrivate(label);
      if (!key) throw new KeyStoreError("SIG_KEY_NOT_FOUND", `No key labelled "${label}" on the token.`);
      return {
        sensitive: key.sensitive,
        extractable: key.extractable,
        neverExtractable: key.neverExtractable,
        alwaysSensitive: key.getAttribute({ alwaysSensitive: null }).alwaysSensitive === true,
      };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.run(async () => {
      this.#cache.clear();
      // No C_Logout: login state is shared by every session of this process on the token, so logging out would
      // break other open stores. Closing the last session logs out by itself.
      try {
        this.#session.close();
      } finally {
        releaseModule(this.#library);
      }
    });
  }

  async #handle(
    label: string,
    algorithm: KeyAlgorithm,
    privateKey: P11CryptoKey,
    publicKey: P11CryptoKey,
  ): Promise<KeyHandle> {
    const spki = new Uint8Array(await this.#p11.subtle.exportKey("spki", publicKey));
    const signParams = webCryptoParams(algorithm).sign;
    const p11 = this.#p11;
    const queue = this.#queue;
    return {
      label,
      algorithm,
      publicKey: spki,
      privateKey: privateKey as unknown as webcrypto.CryptoKey,
      crypto: this.#crypto,
      async sign(data: Uint8Array): Promise<Uint8Array> {
        const raw = new Uint8Array(
          await queue.run(() => p11.subtle.sign(signParams as never, privateKey as never, data)),
        );
        // The token returns r||s for ECDSA; CMS and X.509 carry the DER SEQUENCE.
        return algorithm === "ECDSA-P256" ? ecdsaRawToDer(raw) : raw;
      },
    };
  }

  #findPrivate(label: string): graphene.PrivateKey | undefined {
    const found = this.#session.find({ class: graphene.ObjectClass.PRIVATE_KEY, token: true, label });
    return found.length > 0 ? found.items(0).toType<graphene.PrivateKey>() : undefined;
  }

  #findPublic(label: string): graphene.PublicKey | undefined {
    const found = this.#session.find({ class: graphene.ObjectClass.PUBLIC_KEY, token: true, label });
    return found.length > 0 ? found.items(0).toType<graphene.PublicKey>() : undefined;
  }

  #check(label: string): void {
    if (this.#closed) throw new KeyStoreError("SIG_PKCS11_CLOSED", "This Pkcs11KeyStore has been closed.");
    if (!isValidKeyLabel(label)) {
      throw new KeyStoreError(
        "SIG_KEY_LABEL_INVALID",
        `Key label "${label}" is invalid: use 1–64 characters from A-Z a-z 0-9 . _ -`,
      );
    }
  }
}
