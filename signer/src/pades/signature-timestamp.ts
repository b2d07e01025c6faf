// Obtains the RFC 3161 signature timestamp (PAdES B-T) over the SignerInfo's signature value, and checks that the
// token answers that digest before it is embedded. Never throws: a failure is reported so the caller falls back to B-B.

import { createHash } from "node:crypto";
import * as pkijs from "pkijs";
import { children, contentOf, elementOf, readTlv } from "./der-reader.js";
import type { Tlv } from "./der-reader.js";
import { derOid } from "./der-writer.js";
import { OID } from "./oids.js";
import type { TimestampFn } from "./types.js";

export type TimestampOutcome = { ok: true; token: Uint8Array; genTime: Date } | { ok: false; reason: string };

export const DEFAULT_TIMESTAMP_TIMEOUT_MS = 10_000;

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const ID_SIGNED_DATA = derOid(OID.signedData);
const ID_TST_INFO = derOid(OID.tstInfo);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** The TSTInfo DER inside a TimeStampToken, found by walking the DER (the token's certificates are not parsed). */
function tstInfoOf(token: Uint8Array): Uint8Array | string {
  const contentInfo = readTlv(token, 0);
  const [type, explicit] = children(token, contentInfo);
  if (!type || !explicit || !sameBytes(elementOf(token, type), ID_SIGNED_DATA) || explicit.tag !== 0xa0)
    return "token is not a CMS SignedData";
  const [signedData] = children(token, explicit);
  const encap = signedData ? children(token, signedData)[2] : undefined;
  const [eContentType, eContent] = encap && encap.tag === 0x30 ? children(token, encap) : [];
  if (!eContentType || !sameBytes(elementOf(token, eContentType), ID_TST_INFO) || eContent?.tag !== 0xa0)
    return "token does not encapsulate a TSTInfo";
  const [octets] = children(token, eContent);
  if (!octets) return "token does not encapsulate a TSTInfo";
  if (octets.tag === 0x04) return contentOf(token, octets);
  // A constructed (BER) OCTET STRING: join its pieces.
  if (octets.tag === 0x24)
    return new Uint8Array(Buffer.concat(children(token, octets).map((piece) => contentOf(token, piece))));
  return "token does not encapsulate a TSTInfo";
}

/** Reads the TSTInfo of a token and returns why it does not fit `digest`, or its genTime. */
export function inspectTimestampToken(
  token: Uint8Array,
  digest: Uint8Array,
): { genTime: Date } | { reason: string } {
  try {
    const tstInfo = tstInfoOf(token);
    if (typeof tstInfo === "string") return { reason: tstInfo };
    const tst = pkijs.TSTInfo.fromBER(tstInfo);
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
  let first: Tlv | undefined;
  let second: Tlv | undefined;
  let status: Tlv | undefined;
  try {
    const outer = readTlv(der, 0);
    if (outer.tag !== 0x30) return der;
    [first, second] = children(der, outer);
    // ContentInfo starts with an OID; TimeStampResp with PKIStatusInfo (a SEQUENCE whose first item is an INTEGER).
    if (!first || first.tag !== 0x30) return der;
    status = children(der, first)[0];
  } catch {
    return der;
  }
  if (!status || status.tag !== 0x02) return der;
  const value = contentOf(der, status);
  const code = value.length === 1 ? (value[0] ?? -1) : -1;
  if ((code !== 0 && code !== 1) || !second) throw new Error(`TSA refused the request (PKIStatus ${code})`);
  return new Uint8Array(elementOf(der, second));
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
