// COSE_Sign1 (RFC 9052 §4.2, CBOR tag 18 or untagged): [protected bstr, unprotected map, payload bstr, signature bstr],
// signed over Sig_structure ["Signature1", protected, external_aad, payload]. Format 1 QR payloads are tagged with an
// empty external_aad; format 2 payloads are untagged and sign the licence identifier as external_aad (RFC 9052 §4.3:
// data the signature covers that travels outside the structure), carried beside them (see qr-url.ts).
// Decoding never throws.
import { decode, encode, Tag } from "cbor2";
import { STRICT_CBOR } from "./claims.js";

export const COSE_SIGN1_TAG = 18;
export const COSE_HEADER = {
  alg: 1,
  crit: 2,
  kid: 4,
  /**
   * Private-use label (RFC 9052 §3.1: below -65536), unprotected: `<type code>.<serial>.<version>` of a format 2
   * payload once read from the QR text. Not trusted as a header: the verifier rebuilds the identifier from it and the
   * seal's department, and the signature over that identifier (external_aad) is what makes it count.
   */
  identifierWithoutIssuer: -65537,
} as const;
/** COSE algorithm ids: ES256 (RFC 9053), RS256 (RFC 8812, RSASSA-PKCS1-v1_5 with SHA-256). */
export const COSE_ALG = { ES256: -7, RS256: -257 } as const;
export type CoseAlgorithm = keyof typeof COSE_ALG;
/** Far above any licence QR payload (about 200 bytes): bigger input is refused before decoding. */
export const MAX_COSE_BYTES = 2048;

export function encodeProtectedHeader(alg: CoseAlgorithm, kid: Uint8Array): Uint8Array {
  return encode(
    new Map<number, unknown>([
      [COSE_HEADER.alg, COSE_ALG[alg]],
      [COSE_HEADER.kid, kid],
    ]),
    { cde: true },
  );
}

/** The bytes a COSE_Sign1 signature covers. */
export function sigStructure(
  protectedHeader: Uint8Array,
  payload: Uint8Array,
  externalAad: Uint8Array = new Uint8Array(0),
): Uint8Array {
  return encode(["Signature1", protectedHeader, externalAad, payload]);
}

export interface CoseSign1Options {
  /** Tag 18 in front (default); a format 2 QR code leaves it out: its context says what the bytes are. */
  tagged?: boolean;
  unprotected?: Map<unknown, unknown>;
}

export function encodeCoseSign1(
  protectedHeader: Uint8Array,
  payload: Uint8Array,
  signature: Uint8Array,
  options: CoseSign1Options = {},
): Uint8Array {
  const value = [protectedHeader, options.unprotected ?? new Map(), payload, signature];
  return encode(options.tagged === false ? value : new Tag(COSE_SIGN1_TAG, value));
}

export interface DecodedCoseSign1 {
  /** The protected header exactly as received: the signature covers these bytes. */
  protectedBytes: Uint8Array;
  protectedHeader: Map<unknown, unknown>;
  unprotectedHeader: Map<unknown, unknown>;
  tagged: boolean;
  payload: Uint8Array;
  signature: Uint8Array;
}

export type CoseResult = { ok: true; value: DecodedCoseSign1 } | { ok: false; detail: string };

/** Reads a COSE_Sign1, tagged (18) or untagged; a detached (nil) payload is refused: the QR carries its claims. */
export function decodeCoseSign1(bytes: Uint8Array): CoseResult {
  if (bytes.length > MAX_COSE_BYTES) return { ok: false, detail: `longer than ${MAX_COSE_BYTES} bytes` };
  let value: unknown;
  try {
    value = decode(bytes, STRICT_CBOR);
  } catch (e) {
    return { ok: false, detail: `not CBOR: ${e instanceof Error ? e.message : String(e)}` };
  }
  const tagged = value instanceof Tag;
  if (value instanceof Tag) {
    if (Number(value.tag) !== COSE_SIGN1_TAG)
      return { ok: false, detail: `CBOR tag ${String(value.tag)}, not 18` };
    value = value.contents;
  }
  if (!Array.isArray(value) || value.length !== 4)
    return { ok: false, detail: "not a 4-element COSE_Sign1 array" };
  const [protectedBytes, unprotectedHeader, payload, signature] = value as unknown[];
  if (
    !(protectedBytes instanceof Uint8Array) ||
    !(unprotectedHeader instanceof Map) ||
    !(payload instanceof Uint8Array) ||
    !(signature instanceof Uint8Array)
  )
    return { ok: false, detail: "COSE_Sign1 members have the wrong types" };
  let protectedHeader: unknown = new Map();
  if (protectedBytes.length > 0) {
    try {
      protectedHeader = decode(protectedBytes, STRICT_CBOR);
    } catch {
      return { ok: false, detail: "protected header is not CBOR" };
    }
  }
  if (!(protectedHeader instanceof Map)) return { ok: false, detail: "protected header is not a map" };
  return {
    ok: true,
    value: { protectedBytes, protectedHeader, unprotectedHeader, tagged, payload, signature },
  };
}
