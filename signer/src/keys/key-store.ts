// The one interface every private-key store implements (encrypted files for dev, PKCS#11 tokens for production),
// so the PKI and the PAdES signer never care where a key lives.
import type { webcrypto } from "node:crypto";

/** Key algorithms the signer issues and signs with. ECDSA P-256 is the default; RSA-3072 for relying parties that need RSA. */
export type KeyAlgorithm = "ECDSA-P256" | "RSA-3072";

export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ["ECDSA-P256", "RSA-3072"];

/** A private key that can sign, wherever it lives. The private key material itself is never exposed. */
export interface KeyHandle {
  /** Store-unique name of the key ([A-Za-z0-9._-], 1–64 characters). */
  readonly label: string;
  readonly algorithm: KeyAlgorithm;
  /** SubjectPublicKeyInfo, DER. */
  readonly publicKey: Uint8Array;
  /**
   * Signs `data` (SHA-256 is applied by the key) and returns the signature in the form CMS and X.509 carry:
   * ECDSA → DER-encoded ECDSA-Sig-Value; RSA → PKCS#1 v1.5 with SHA-256.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /**
   * The same private key as a non-extractable WebCrypto key, usable only with `crypto` below: this is what
   * @peculiar/x509 (certificates, CRLs) and pkijs need. Its algorithm is ECDSA or RSASSA-PKCS1-v1_5 with SHA-256.
   */
  readonly privateKey: webcrypto.CryptoKey;
  /** The WebCrypto provider that owns `privateKey` (Node's webcrypto for files, a PKCS#11 provider for tokens). */
  readonly crypto: webcrypto.Crypto;
}

export interface KeyStore {
  /** Creates a new key pair under `label`; refuses a label that is already taken (SIG_KEY_EXISTS). */
  generate(label: string, algorithm: KeyAlgorithm): Promise<KeyHandle>;
  /** Returns the key stored under `label`, or throws SIG_KEY_NOT_FOUND. */
  get(label: string): Promise<KeyHandle>;
  has(label: string): Promise<boolean>;
  /** Releases sessions or handles; a no-op for stores that hold none. */
  close(): Promise<void>;
}

const LABEL = /^[A-Za-z0-9._-]{1,64}$/;

export function isValidKeyLabel(label: string): boolean {
  return LABEL.test(label) && label !== "." && label !== "..";
}

/** WebCrypto parameters for importing, generating and signing with each algorithm. */
export function webCryptoParams(algorithm: KeyAlgorithm): {
  generate: webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams;
  import: webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams;
  sign: webcrypto.EcdsaParams | webcrypto.Algorithm;
} {
  if (algorithm === "ECDSA-P256") {
    return {
      generate: { name: "ECDSA", namedCurve: "P-256" },
      import: { name: "ECDSA", namedCurve: "P-256" },
      sign: { name: "ECDSA", hash: "SHA-256" },
    };
  }
  return {
    generate: {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 3072,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    import: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    sign: { name: "RSASSA-PKCS1-v1_5" },
  };
}

/**
 * The AlgorithmIdentifier a CMS SignerInfo, certificate or OCSP response carries for a signature made by
 * `KeyHandle.sign`: ecdsa-with-SHA256 (no parameters) or sha256WithRSAEncryption (NULL parameters).
 */
export function signatureAlgorithmOid(algorithm: KeyAlgorithm): { oid: string; nullParameters: boolean } {
  return algorithm === "ECDSA-P256"
    ? { oid: "1.2.840.10045.4.3.2", nullParameters: false }
    : { oid: "1.2.840.113549.1.1.11", nullParameters: true };
}
