// The digest and signature algorithms validation accepts, and signature verification with node:crypto. SHA-1 and
// unknown algorithms are refused rather than guessed at.
import { createHash, verify, type KeyObject } from "node:crypto";

export const DIGESTS: Readonly<Record<string, string>> = {
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

/** Signature algorithm OID → its digest (null: the digest comes from the SignerInfo's digestAlgorithm). */
const SIGNATURES: Readonly<Record<string, { hash: string | null; kind: "ec" | "rsa" }>> = {
  "1.2.840.10045.4.3.2": { hash: "sha256", kind: "ec" },
  "1.2.840.10045.4.3.3": { hash: "sha384", kind: "ec" },
  "1.2.840.10045.4.3.4": { hash: "sha512", kind: "ec" },
  "1.2.840.113549.1.1.11": { hash: "sha256", kind: "rsa" },
  "1.2.840.113549.1.1.12": { hash: "sha384", kind: "rsa" },
  "1.2.840.113549.1.1.13": { hash: "sha512", kind: "rsa" },
  "1.2.840.113549.1.1.1": { hash: null, kind: "rsa" },
  "1.2.840.10045.2.1": { hash: null, kind: "ec" },
};

export function digest(name: string, ...parts: Uint8Array[]): Uint8Array {
  const h = createHash(name);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/**
 * Verifies `signature` over `data`; "unsupported" for algorithms not accepted here or a key of the wrong kind.
 * `digestOid` supplies the hash for bare rsaEncryption / id-ecPublicKey signature algorithms (as CMS allows).
 */
export function verifySignature(
  algorithmOid: string,
  digestOid: string | undefined,
  key: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean | "unsupported" {
  const alg = SIGNATURES[algorithmOid];
  if (!alg) return "unsupported";
  const hash = alg.hash ?? (digestOid ? DIGESTS[digestOid] : undefined);
  if (!hash) return "unsupported";
  const type = key.asymmetricKeyType;
  if ((alg.kind === "ec" && type !== "ec") || (alg.kind === "rsa" && type !== "rsa")) return "unsupported";
  if (alg.kind === "rsa" && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return "unsupported";
  try {
    return verify(hash, data, key, signature);
  } catch {
    return false;
  }
}
