// Signature checks through WebCrypto from a DER SubjectPublicKeyInfo: ECDSA (P-256, P-384) and RSA PKCS#1 v1.5, the
// algorithms the dev PKI issues. Isomorphic; answers false rather than throwing on a bad key or signature.
import * as asn1js from "asn1js";
import { ecdsaDerToRaw } from "../keys/ecdsa-signature.js";

export type SignatureAlgorithm = "ES256" | "ES384" | "RS256" | "RS384";
export type KeyKind = "EC-P256" | "EC-P384" | "RSA";

const CURVES: Record<string, { kind: KeyKind; namedCurve: string; size: number }> = {
  "1.2.840.10045.3.1.7": { kind: "EC-P256", namedCurve: "P-256", size: 32 },
  "1.3.132.0.34": { kind: "EC-P384", namedCurve: "P-384", size: 48 },
};
const EC_PUBLIC_KEY = "1.2.840.10045.2.1";
const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";

/** The kind of key an SPKI holds, or null for anything else (or not an SPKI). */
export function keyKindOf(spki: Uint8Array): KeyKind | null {
  try {
    const parsed = asn1js.fromBER(spki);
    if (parsed.offset !== spki.length || !(parsed.result instanceof asn1js.Sequence)) return null;
    const alg = parsed.result.valueBlock.value[0];
    if (!(alg instanceof asn1js.Sequence)) return null;
    const [oid, params] = alg.valueBlock.value;
    if (!(oid instanceof asn1js.ObjectIdentifier)) return null;
    const o = oid.valueBlock.toString();
    if (o === RSA_ENCRYPTION) return "RSA";
    if (o === EC_PUBLIC_KEY && params instanceof asn1js.ObjectIdentifier)
      return CURVES[params.valueBlock.toString()]?.kind ?? null;
    return null;
  } catch {
    return null;
  }
}

/** The JOSE/COSE algorithm a key of this kind signs with in our PKI. */
export function algorithmFor(kind: KeyKind): SignatureAlgorithm {
  return kind === "EC-P256" ? "ES256" : kind === "EC-P384" ? "ES384" : "RS256";
}

/**
 * Verifies `signature` over `data` with the key in `spki`. ECDSA signatures come as DER (X.509, CMS) or raw r||s
 * (JOSE, COSE): say which. With `strictCurve` (JOSE/COSE), ES256 needs a P-256 key and ES384 a P-384 key.
 */
export async function verifyWithSpki(
  spki: Uint8Array,
  algorithm: SignatureAlgorithm,
  signature: Uint8Array,
  data: Uint8Array,
  ecdsaFormat: "der" | "raw",
  strictCurve = false,
): Promise<boolean> {
  const kind = keyKindOf(spki);
  if (!kind) return false;
  const hash = algorithm.endsWith("384") ? "SHA-384" : "SHA-256";
  const subtle = globalThis.crypto.subtle;
  try {
    if (algorithm.startsWith("RS")) {
      if (kind !== "RSA") return false;
      const key = await subtle.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash }, false, [
        "verify",
      ]);
      return await subtle.verify("RSASSA-PKCS1-v1_5", key, signature, data);
    }
    const curve = Object.values(CURVES).find((c) => c.kind === kind);
    if (!curve) return false;
    if (strictCurve && algorithmFor(kind) !== algorithm) return false;
    const raw = ecdsaFormat === "der" ? ecdsaDerToRaw(signature, curve.size) : signature;
    if (raw.length !== curve.size * 2) return false;
    const key = await subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: curve.namedCurve }, false, [
      "verify",
    ]);
    return await subtle.verify({ name: "ECDSA", hash }, key, raw, data);
  } catch {
    return false;
  }
}
