// RFC 3161 time-stamping authority as a pure function: TimeStampReq DER in, TimeStampResp DER out, no HTTP.
// A bad request is answered with status "rejection" and a failInfo bit; this function never throws.
import "reflect-metadata";
import { createHash } from "node:crypto";
import type * as x509 from "@peculiar/x509";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { signatureAlgorithmOid } from "../keys/key-store.js";
import type { KeyHandle } from "../keys/key-store.js";
import { bytes, wholeSeconds } from "./der.js";
import { signingCertificateV2Attribute } from "./ess-signing-certificate.js";
import { HASHES, OID } from "./oids.js";
import { randomSerial } from "./serial-number.js";
import { signedAttributesToBeSigned, sortedSignedAttributes } from "./signed-attributes.js";

export interface TsaContext {
  certificate: x509.X509Certificate;
  /** CA certificates sent with the TSA certificate when the request sets certReq. */
  chain: readonly x509.X509Certificate[];
  /** Loaded on first use; a key that cannot be loaded yields a systemFailure response, not an exception. */
  key: () => Promise<KeyHandle>;
  /** TSA policy OID written into every TSTInfo (see certs/README.md for the one the dev PKI uses). */
  policyOid: string;
  accuracySeconds: number;
}

/** PKIFailureInfo bit numbers (RFC 3161 §2.4.2). */
export const TSA_FAILURE = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  systemFailure: 25,
} as const;

export type TsaFailure = keyof typeof TSA_FAILURE;

const ACCEPTED_HASHES = new Set<string>([OID.sha256, OID.sha384, OID.sha512]);

/** A TimeStampResp with status rejection, one failInfo bit and a human-readable reason. */
export function tsaRejection(failure: TsaFailure, text: string): Uint8Array {
  const bit = TSA_FAILURE[failure];
  // A named BIT STRING in DER ends at its last set bit.
  const octets = new Uint8Array((bit >> 3) + 1);
  octets[bit >> 3] = 0x80 >> (bit & 7);
  const failInfo = new asn1js.BitString({ valueHex: octets, unusedBits: 7 - (bit & 7) });
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({
      status: pkijs.PKIStatus.rejection,
      statusStrings: [new asn1js.Utf8String({ value: text })],
      failInfo,
    }),
  });
  return bytes(response.toSchema().toBER());
}

function parseRequest(requestDer: Uint8Array): pkijs.TimeStampReq | undefined {
  try {
    const asn = asn1js.fromBER(requestDer);
    if (asn.offset === -1 || asn.offset !== requestDer.byteLength) return undefined;
    return new pkijs.TimeStampReq({ schema: asn.result });
  } catch {
    return undefined;
  }
}

export async function timestamp(requestDer: Uint8Array, now: Date, context: TsaContext): Promise<Uint8Array> {
  const request = parseRequest(requestDer);
  if (!request) return tsaRejection("badDataFormat", "request is not a DER TimeStampReq");
  if (request.version !== 1) return tsaRejection("badRequest", "only TimeStampReq version 1 is supported");
  const hashOid = request.messageImprint.hashAlgorithm.algorithmId;
  const hash = HASHES[hashOid];
  if (!hash || !ACCEPTED_HASHES.has(hashOid))
    return tsaRejection("badAlg", "message imprint must use SHA-256, SHA-384 or SHA-512");
  if (request.messageImprint.hashedMessage.valueBlock.valueHexView.byteLength !== hash.size) {
    return tsaRejection("badDataFormat", "message imprint length does not match its hash algorithm");
  }
  if (request.reqPolicy !== undefined && request.reqPolicy !== context.policyOid) {
    return tsaRejection("unacceptedPolicy", `this TSA only issues under policy ${context.policyOid}`);
  }
  if (request.extensions && request.extensions.length > 0) {
    return tsaRejection("unacceptedExtension", "this TSA supports no request extensions");
  }

  try {
    const tsaCertificate = pkijs.Certificate.fromBER(bytes(context.certificate.rawData));
    const serial = Buffer.from(randomSerial(), "hex");
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: context.policyOid,
      messageImprint: request.messageImprint,
      serialNumber: new asn1js.Integer({ valueHex: serial }),
      genTime: wholeSeconds(now),
      ...(context.accuracySeconds > 0
        ? { accuracy: new pkijs.Accuracy({ seconds: context.accuracySeconds }) }
        : {}),
      ...(request.nonce ? { nonce: request.nonce } : {}),
      tsa: new pkijs.GeneralName({ type: 4, value: tsaCertificate.subject }),
    });
    const content = new Uint8Array(tstInfo.toSchema().toBER());

    const signedAttrs = sortedSignedAttributes([
      new pkijs.Attribute({
        type: OID.contentType,
        values: [new asn1js.ObjectIdentifier({ value: OID.tstInfo })],
      }),
      new pkijs.Attribute({
        type: OID.messageDigest,
        values: [new asn1js.OctetString({ valueHex: createHash("sha256").update(content).digest() })],
      }),
      signingCertificateV2Attribute(bytes(context.certificate.rawData)),
    ]);
    const key = await context.key();
    const signature = await key.sign(signedAttributesToBeSigned(signedAttrs));
    const algorithm = signatureAlgorithmOid(key.algorithm);

    const encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: OID.tstInfo });
    // Assigned after construction: pkijs would split eContent into a constructed (BER) OCTET STRING; tokens stay DER.
    encapContentInfo.eContent = new asn1js.OctetString({ valueHex: content });
    const signedData = new pkijs.SignedData({
      version: 3,
      digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
      encapContentInfo,
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({
            issuer: tsaCertificate.issuer,
            serialNumber: tsaCertificate.serialNumber,
          }),
          digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
          signedAttrs,
          signatureAlgorithm: new pkijs.AlgorithmIdentifier({
            algorithmId: algorithm.oid,
            ...(algorithm.nullParameters ? { algorithmParams: new asn1js.Null() } : {}),
          }),
          signature: new asn1js.OctetString({ valueHex: signature }),
        }),
      ],
      ...(request.certReq
        ? {
            certificates: [
              tsaCertificate,
              ...context.chain.map((c) => pkijs.Certificate.fromBER(bytes(c.rawData))),
            ],
          }
        : {}),
    });
    const token = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema() });
    const response = new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
      timeStampToken: token,
    });
    return bytes(response.toSchema().toBER());
  } catch {
    return tsaRejection("systemFailure", "the TSA could not sign the timestamp");
  }
}
