// Issuing side: the licence claims signed with the department's e-seal key into a COSE_Sign1 for the QR code.
import { ecdsaDerToRaw } from "../keys/ecdsa-signature.js";
import { KID_LENGTH } from "../trust-list/kid.js";
import { encodeClaims, type QrClaimsInput } from "./claims.js";
import { encodeCoseSign1, encodeProtectedHeader, sigStructure, type CoseAlgorithm } from "./cose-sign1.js";
import { QrPayloadError } from "./qr-payload-error.js";

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

/** The COSE_Sign1 bytes of `claims` signed by `signer`; throws SIG_QR_CLAIMS_INVALID or SIG_QR_SIGNER_INVALID. */
export async function encodeQrPayload(claims: QrClaimsInput, signer: QrSigner): Promise<Uint8Array> {
  const alg = signer.algorithm ?? "ES256";
  if (signer.kid.length !== KID_LENGTH)
    throw new QrPayloadError(
      "SIG_QR_SIGNER_INVALID",
      `kid must be ${KID_LENGTH} bytes, got ${signer.kid.length}`,
    );
  if (alg !== "ES256" && alg !== "RS256")
    throw new QrPayloadError("SIG_QR_SIGNER_INVALID", `algorithm ${String(alg)} is not ES256 or RS256`);
  const payload = encodeClaims(claims);
  const protectedHeader = encodeProtectedHeader(alg, signer.kid);
  const signed = await signer.sign(sigStructure(protectedHeader, payload));
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
  return encodeCoseSign1(protectedHeader, payload, signature);
}
