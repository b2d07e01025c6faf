// Obtains the RFC 3161 signature timestamp (PAdES B-T) over the SignerInfo's signature value, and checks that the
// token answers that digest before it is embedded. Never throws: a failure is reported so the caller falls back to B-B.

import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { OID } from "./oids.js";
import type { TimestampFn } from "./types.js";

export type TimestampOutcome = { ok: true; token: Uint8Array; genTime: Date } | { ok: false; reason: string };

export const DEFAULT_TIMESTAMP_TIMEOUT_MS = 10_000;

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads the TSTInfo of a token and returns why it does not fit `digest`, or its genTime. */
export function inspectTimestampToken(
  token: Uint8Array,
  digest: Uint8Array,
): { genTime: Date } | { reason: string } {
  try {
    const ci = pkijs.ContentInfo.fromBER(token);
    if (ci.contentType !== OID.signedData) return { reason: "token is not a CMS SignedData" };
    const sd = new pkijs.SignedData({ schema: ci.content });
    if (sd.encapContentInfo.eContentType !== OID.tstInfo || !sd.encapContentInfo.eContent)
      return { reason: "token does not encapsulate a TSTInfo" };
    const tst = pkijs.TSTInfo.fromBER(sd.encapContentInfo.eContent.getValue());
    const imprint = tst.messageImprint;
    if (imprint.hashAlgorithm.algorithmId !== OID.sha256)
      return { reason: `token imprint uses ${imprint.hashAlgorithm.algorithmId}, not SHA-256` };
    if (!Buffer.from(imprint.hashedMessage.valueBlock.valueHexView).equals(digest))
      return { reason: "token imprint does not match the signature value" };
    return { genTime: tst.genTime };
  } catch (e) {
    return { reason: `token cannot be parsed: ${describe(e)}` };
  }
}

/**
 * Accepts a whole TimeStampResp too (a common slip for RFC 3161 clients): when granted, the token is cut out
 * byte for byte, never re-encoded.
 */
export function unwrapTimestampResponse(der: Uint8Array): Uint8Array {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return der;
  const [first, second] = parsed.result.valueBlock.value;
  // ContentInfo starts with an OID; TimeStampResp with PKIStatusInfo (a SEQUENCE whose first item is an INTEGER).
  if (!(first instanceof asn1js.Sequence) || !(first.valueBlock.value[0] instanceof asn1js.Integer))
    return der;
  const status = first.valueBlock.value[0].valueBlock.valueDec;
  if ((status !== 0 && status !== 1) || !second)
    throw new Error(`TSA refused the request (PKIStatus ${status})`);
  return new Uint8Array(second.valueBeforeDecodeView);
}

export async function timestampSignatureValue(
  fn: TimestampFn,
  signatureValue: Uint8Array,
  timeoutMs = DEFAULT_TIMESTAMP_TIMEOUT_MS,
): Promise<TimestampOutcome> {
  const digest = createHash("sha256").update(signatureValue).digest();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const answer = await Promise.race([fn(new Uint8Array(digest)), timeout]);
    if (!(answer instanceof Uint8Array) || answer.length === 0)
      return { ok: false, reason: "timestamp function returned no token" };
    const token = unwrapTimestampResponse(answer);
    const checked = inspectTimestampToken(token, digest);
    if ("reason" in checked) return { ok: false, reason: checked.reason };
    return { ok: true, token, genTime: checked.genTime };
  } catch (e) {
    return { ok: false, reason: describe(e) };
  } finally {
    clearTimeout(timer);
  }
}
