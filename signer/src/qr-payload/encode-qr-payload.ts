// Issuing side: the licence claims signed with the department's e-seal key into a COSE_Sign1 for the QR code.
import { ecdsaDerToRaw } from "../keys/ecdsa-signature.js";
import { utf8 } from "../trust-list/bytes.js";
import { KID_LENGTH } from "../trust-list/kid.js";
import { encodeClaims, type QrClaimsInput } from "./claims.js";
import { encodeCompactClaims } from "./compact-claims.js";
import {
  COSE_HEADER,
  encodeCoseSign1,
  encodeProtectedHeader,
  sigStructure,
  type CoseAlgorithm,
} from "./cose-sign1.js";
import { identifierWithoutIssuer } from "./licence-identifier-parts.js";
import { QrPayloadError } from "./qr-payload-error.js";

/**
 * 1: the identifier inside the claims (the first QR codes; verifiers still read it). 2 (default): compact, the
 * identifier signed as external_aad and written by qrUrl in alphanumeric text, the issuer left to the seal.
 */
export type QrPayloadFormat = 1 | 2;

export interface QrSigner {
  /** First 8 bytes of SHA-256 over the seal certificate's DER (kidOf). */
  kid: Uint8Array;
  /** ES256 (the default) for ECDSA P-256 seals, RS256 for RSA seals (a much larger QR code). */
  algorithm?: CoseAlgorithm;
  /**
   * Signs `toBeSigned` (hashing with SHA-256 itself, as KeyHandle.sign does). For ES256 it returns the DER
   * ECDSA-Sig-Value KeyHandle.sign gives, or raw r||s (64 bytes) when `signatureFormat` is "raw" (WebCrypto).
   */
  sign(toBeSigned: Uint8Array): Promise<Uint8Array>;
  signatureFormat?: "der" | "raw";
}

/**
 * The COSE_Sign1 bytes of `claims` signed by `signer`, for qrUrl; throws SIG_QR_CLAIMS_INVALID or
 * SIG_QR_SIGNER_INVALID. A format 2 payload is self-contained: its unprotected header holds the identifier without
 * the issuer (COSE_HEADER.identifierWithoutIssuer), which qrUrl writes as text and parseQrText puts back; the QR code
 * carries the rest (qrWireForm).
 */
export async function encodeQrPayload(
  claims: QrClaimsInput,
  signer: QrSigner,
  options: { format?: QrPayloadFormat } = {},
): Promise<Uint8Array> {
  const alg = signer.algorithm ?? "ES256";
  if (signer.kid.length !== KID_LENGTH)
    throw new QrPayloadError(
      "SIG_QR_SIGNER_INVALID",
      `kid must be ${KID_LENGTH} bytes, got ${signer.kid.length}`,
    );
  if (alg !== "ES256" && alg !== "RS256")
    throw new QrPayloadError("SIG_QR_SIGNER_INVALID", `algorithm ${String(alg)} is not ES256 or RS256`);
  const format = options.format ?? 2;
  let payload: Uint8Array;
  let externalAad: Uint8Array | undefined;
  let unprotected: Map<unknown, unknown> | undefined;
  if (format === 1) payload = encodeClaims(claims);
  else {
    const compact = encodeCompactClaims(claims);
    payload = compact.claims;
    externalAad = utf8(compact.identifier);
    // encodeCompactClaims checked the identifier: it splits.
    unprotected = new Map([
      [COSE_HEADER.identifierWithoutIssuer, identifierWithoutIssuer(compact.identifier)],
    ]);
  }
  const protectedHeader = encodeProtectedHeader(alg, signer.kid);
  const signed = await signer.sign(sigStructure(protectedHeader, payload, externalAad));
  let signature = signed;
  if (alg === "ES256" && (signer.signatureFormat ?? "der") === "der") {
    try {
      signature = ecdsaDerToRaw(signed, 32);
    } catch (e) {
      throw new QrPayloadError(
        "SIG_QR_SIGNER_INVALID",
        `the signer did not return a DER ECDSA P-256 signature: ${(e as Error).message}`,
      );
    }
  }
  if (alg === "ES256" && signature.length !== 64)
    throw new QrPayloadError(
      "SIG_QR_SIGNER_INVALID",
      `ES256 signatures are 64 bytes r||s, got ${signature.length}`,
    );
  return format === 1
    ? encodeCoseSign1(protectedHeader, payload, signature)
    : encodeCoseSign1(protectedHeader, payload, signature, { tagged: false, unprotected });
}
