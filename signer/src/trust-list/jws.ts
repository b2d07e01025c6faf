// Compact JWS with a detached payload (RFC 7515 §7.1 and appendix F): `header..signature`, the payload travelling
// beside it. What signs the trust list; verification is isomorphic and never throws.
import { fromBase64Url, toBase64Url, utf8 } from "./bytes.js";
import { verifyWithSpki, type SignatureAlgorithm } from "./verify-key.js";

const JWS_ALGORITHMS: readonly SignatureAlgorithm[] = ["ES256", "ES384", "RS256", "RS384"];

function signingInput(protectedB64: string, payload: Uint8Array): Uint8Array {
  return utf8(`${protectedB64}.${toBase64Url(payload)}`);
}

/** `sign` returns the JWS signature bytes: raw r||s for ES*, PKCS#1 v1.5 for RS*. */
export async function signDetachedJws(
  payload: Uint8Array,
  header: { alg: SignatureAlgorithm } & Record<string, string>,
  sign: (input: Uint8Array) => Promise<Uint8Array>,
): Promise<string> {
  const protectedB64 = toBase64Url(utf8(JSON.stringify(header)));
  const signature = await sign(signingInput(protectedB64, payload));
  return `${protectedB64}..${toBase64Url(signature)}`;
}

/** True when `jws` is a detached JWS over `payload` by the key in `spki`. */
export async function verifyDetachedJws(
  jws: string,
  payload: Uint8Array,
  spki: Uint8Array,
): Promise<boolean> {
  const parts = jws.split(".");
  if (parts.length !== 3 || parts[1] !== "") return false;
  const [protectedB64 = "", , signatureB64 = ""] = parts;
  const headerBytes = fromBase64Url(protectedB64);
  const signature = fromBase64Url(signatureB64);
  if (!headerBytes || !signature) return false;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(headerBytes));
  } catch {
    return false;
  }
  if (typeof header !== "object" || header === null) return false;
  const { alg, crit, b64 } = header as Record<string, unknown>;
  // "crit" and the unencoded-payload option (RFC 7797) would change what was signed: refuse rather than guess.
  if (crit !== undefined || b64 !== undefined) return false;
  if (!JWS_ALGORITHMS.includes(alg as SignatureAlgorithm)) return false;
  return verifyWithSpki(
    spki,
    alg as SignatureAlgorithm,
    signature,
    signingInput(protectedB64, payload),
    "raw",
    true,
  );
}
