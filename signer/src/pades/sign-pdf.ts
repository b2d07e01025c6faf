// Fills the placeholder of a prepared PDF: final /ByteRange first, then SHA-256 over the two ranges, the CMS
// (B-B, or B-T when a timestamp is obtained) and its hex in /Contents. Works on bytes, without parsing the PDF.

import { createHash } from "node:crypto";
import { buildSignedAttributes, encodeSignedData } from "./cms-signed-data.js";
import { PadesError, PadesErrorCode, PadesWarningCode } from "./errors.js";
import { formatByteRange, locatePlaceholder } from "./placeholder.js";
import { assertValidAt, checkedSignature, prepareSigner } from "./prepared-signer.js";
import { timestampSignatureValue } from "./signature-timestamp.js";
import type { SignerIdentity, TimestampFn } from "./types.js";

export type ByteRange = [number, number, number, number];

export interface SignPreparedPdfOptions {
  signer: SignerIdentity;
  /** RFC 3161 client; when given and it answers, the result is B-T. */
  timestamp?: TimestampFn;
  timestampTimeoutMs?: number;
  /** Signing time: the signer certificate must be valid at it (/M was already written by addSignatureField). */
  now: Date;
  /** Verify signer.sign's output with the certificate before embedding it (default true; ~0.1 ms for P-256). */
  verifySignerOutput?: boolean;
}

export interface SignPreparedPdfResult {
  bytes: Uint8Array;
  level: "B-B" | "B-T";
  byteRange: ByteRange;
  /** The CMS ContentInfo written into /Contents (without the zero padding). */
  cmsDer: Uint8Array;
  /** Capacity of the placeholder in bytes. */
  placeholderSize: number;
  /** SHA-256 of the signed byte ranges (the message-digest attribute). */
  documentDigest: Uint8Array;
  /** SHA-256 of the DER signed attributes: what the key actually signed. */
  signedAttrsDigest: Uint8Array;
  signatureValue: Uint8Array;
  /** genTime of the signature timestamp (B-T only). */
  timestampTime?: Date;
  warnings: string[];
}

export async function signPreparedPdf(
  input: Uint8Array,
  o: SignPreparedPdfOptions,
): Promise<SignPreparedPdfResult> {
  const prepared = prepareSigner(o.signer);
  assertValidAt(prepared, o.now);
  const loc = locatePlaceholder(input);
  const bytes = new Uint8Array(input); // the caller's buffer stays a prepared, unsigned document
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  const byteRange: ByteRange = [0, loc.contentsStart, loc.contentsEnd, bytes.length - loc.contentsEnd];
  buf.write(formatByteRange(byteRange), loc.byteRangeStart, "latin1");

  const documentDigest = createHash("sha256")
    .update(bytes.subarray(0, loc.contentsStart))
    .update(bytes.subarray(loc.contentsEnd))
    .digest();
  const signedAttributes = buildSignedAttributes(documentDigest, prepared);
  const rawSignature = await o.signer.sign(signedAttributes.der);
  const signatureValue =
    o.verifySignerOutput === false
      ? rawSignature
      : checkedSignature(prepared, signedAttributes.der, rawSignature);

  const warnings: string[] = [];
  let timestampToken: Uint8Array | undefined;
  let timestampTime: Date | undefined;
  if (o.timestamp) {
    const outcome = await timestampSignatureValue(o.timestamp, signatureValue, o.timestampTimeoutMs);
    if (outcome.ok) {
      timestampToken = outcome.token;
      timestampTime = outcome.genTime;
    } else {
      warnings.push(
        `${PadesWarningCode.TSA_UNAVAILABLE}: ${outcome.reason}; signed without a timestamp (B-B)`,
      );
    }
  }

  const cmsDer = encodeSignedData({
    prepared,
    signedAttributes,
    signatureValue,
    ...(timestampToken ? { timestampToken } : {}),
  });
  if (cmsDer.length > loc.capacity) {
    throw new PadesError(
      PadesErrorCode.PLACEHOLDER_TOO_SMALL,
      `the CMS needs ${cmsDer.length} bytes but the placeholder holds ${loc.capacity}: prepare the field with placeholderSize ≥ ${cmsDer.length}`,
      { needed: cmsDer.length, available: loc.capacity },
    );
  }
  buf.write(Buffer.from(cmsDer).toString("hex"), loc.contentsStart + 1, "latin1");

  return {
    bytes,
    level: timestampToken ? "B-T" : "B-B",
    byteRange,
    cmsDer,
    placeholderSize: loc.capacity,
    documentDigest: new Uint8Array(documentDigest),
    signedAttrsDigest: new Uint8Array(createHash("sha256").update(signedAttributes.der).digest()),
    signatureValue,
    ...(timestampTime ? { timestampTime } : {}),
    warnings,
  };
}
