// RFC 3161 client: gets a TimeStampToken for a SHA-256 imprint from an HTTP TSA (application/timestamp-query) or,
// when no URL is configured, from a local TSA function such as the dev PKI's own.
import { randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { bytes } from "./der.js";
import { OID } from "./oids.js";
import { PkiError } from "./pki-error.js";

/** A TSA as a function: TimeStampReq DER in, TimeStampResp DER out (e.g. `(q) => pki.timestamp(q, new Date())`). */
export type TsaFn = (requestDer: Uint8Array) => Promise<Uint8Array>;

export interface RequestTimestampOptions {
  /** An RFC 3161 HTTP endpoint; takes precedence over `local`. */
  tsaUrl?: string;
  local?: TsaFn;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** HTTP timeout, default 10 s. */
  timeoutMs?: number;
  /** Asks the TSA for this policy. */
  policyOid?: string;
}

export interface TimestampRequest {
  der: Uint8Array;
  nonce: Uint8Array;
}

/** A TimeStampReq for a SHA-256 imprint with a fresh 64-bit nonce and certReq set. */
export function buildTimestampRequest(
  messageImprintSha256: Uint8Array,
  policyOid?: string,
): TimestampRequest {
  const nonce = randomBytes(8);
  nonce[0] = ((nonce[0] ?? 0) & 0x7f) | 0x01; // positive, no leading zero octet: compares byte for byte
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: messageImprintSha256 }),
    }),
    ...(policyOid ? { reqPolicy: policyOid } : {}),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  return { der: bytes(request.toSchema().toBER()), nonce: new Uint8Array(nonce) };
}

function octetStringContent(block: asn1js.OctetString): Uint8Array {
  if (!block.idBlock.isConstructed) return new Uint8Array(block.valueBlock.valueHexView);
  // A TSA may send eContent as a constructed (BER) OCTET STRING: join its pieces.
  const parts = (block.valueBlock.value as asn1js.OctetString[]).map(octetStringContent);
  return new Uint8Array(Buffer.concat(parts));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Checks a TimeStampResp against the request and returns the TimeStampToken (a CMS ContentInfo) exactly as the TSA
 * encoded it. Signature and certificate checks are the validator's job; this only makes sure it is our answer.
 */
export function extractTimestampToken(
  responseDer: Uint8Array,
  imprint: Uint8Array,
  nonce: Uint8Array,
): Uint8Array {
  const bad = (why: string, cause?: unknown): PkiError =>
    new PkiError("SIG_TSA_BAD_RESPONSE", `The TSA's response is unusable: ${why}.`, [], { cause });
  const asn = asn1js.fromBER(responseDer);
  if (asn.offset === -1) throw bad("not DER");
  let response: pkijs.TimeStampResp;
  try {
    response = new pkijs.TimeStampResp({ schema: asn.result });
  } catch (cause) {
    throw bad("not a TimeStampResp", cause);
  }
  const status = response.status.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
    const text = response.status.statusStrings?.map((s) => s.valueBlock.value).join("; ") ?? "";
    throw new PkiError(
      "SIG_TSA_REJECTED",
      `The TSA refused the request (status ${status}${text ? `: ${text}` : ""}).`,
    );
  }
  const tokenBlock = (asn.result as asn1js.Sequence).valueBlock.value[1];
  if (!response.timeStampToken || !tokenBlock) throw bad("granted without a token");
  let tstInfo: pkijs.TSTInfo;
  try {
    const signedData = new pkijs.SignedData({ schema: response.timeStampToken.content });
    if (signedData.encapContentInfo.eContentType !== OID.tstInfo || !signedData.encapContentInfo.eContent) {
      throw new Error("token does not encapsulate a TSTInfo");
    }
    tstInfo = pkijs.TSTInfo.fromBER(octetStringContent(signedData.encapContentInfo.eContent));
  } catch (cause) {
    throw bad("token is not a SignedData over a TSTInfo", cause);
  }
  if (
    tstInfo.messageImprint.hashAlgorithm.algorithmId !== OID.sha256 ||
    !equal(new Uint8Array(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView), imprint)
  ) {
    throw bad("token covers a different message imprint");
  }
  if (!tstInfo.nonce || !equal(new Uint8Array(tstInfo.nonce.valueBlock.valueHexView), nonce)) {
    throw bad("nonce missing or different");
  }
  return new Uint8Array(tokenBlock.valueBeforeDecodeView);
}

export async function requestTimestamp(
  messageImprintSha256: Uint8Array,
  options: RequestTimestampOptions,
): Promise<Uint8Array> {
  if (messageImprintSha256.length !== 32) {
    throw new PkiError("SIG_TSA_BAD_RESPONSE", "requestTimestamp needs a 32-byte SHA-256 message imprint.");
  }
  const request = buildTimestampRequest(messageImprintSha256, options.policyOid);
  let responseDer: Uint8Array;
  if (options.tsaUrl) {
    const doFetch = options.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(options.tsaUrl, {
        method: "POST",
        headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" },
        body: request.der,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (cause) {
      throw new PkiError("SIG_TSA_UNREACHABLE", `Cannot reach the TSA at ${options.tsaUrl}.`, [], { cause });
    }
    if (!res.ok) {
      throw new PkiError("SIG_TSA_UNREACHABLE", `The TSA at ${options.tsaUrl} answered HTTP ${res.status}.`);
    }
    responseDer = new Uint8Array(await res.arrayBuffer());
  } else if (options.local) {
    responseDer = await options.local(request.der);
  } else {
    throw new PkiError(
      "SIG_TSA_NOT_CONFIGURED",
      "No timestamp authority: configure a TSA URL or pass the local dev TSA (pki.timestamp).",
    );
  }
  return extractTimestampToken(responseDer, messageImprintSha256, request.nonce);
}
