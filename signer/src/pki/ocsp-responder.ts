// RFC 6960 OCSP responder as a pure function: request DER in, signed response DER out, no HTTP. A bad request gets a
// malformedRequest response and an internal failure an internalError response: this function never throws.
import "reflect-metadata";
import { createHash } from "node:crypto";
import type * as x509 from "@peculiar/x509";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { signatureAlgorithmOid } from "../keys/key-store.js";
import type { KeyHandle } from "../keys/key-store.js";
import type { CaName } from "./certificate-profiles.js";
import type { CertificateStatus } from "./certificate-status.js";
import { bytes, serialOfInteger, subjectPublicKeyBits, wholeSeconds } from "./der.js";
import { HASHES, OID } from "./oids.js";
import { REVOCATION_REASONS } from "./revocation-reason.js";

export interface OcspAuthority {
  ca: CaName;
  certificate: x509.X509Certificate;
  /** Who signs answers about this CA's certificates: a delegated responder (OCSPSigning EKU) or the CA itself. */
  responder: { certificate: x509.X509Certificate; key: () => Promise<KeyHandle> };
}

export interface OcspContext {
  /** The first authority is the default signer when a request names no CA we know. */
  authorities: readonly OcspAuthority[];
  statusOf(ca: CaName, serial: string, now: Date): CertificateStatus;
  responseValidityMinutes: number;
}

/** OCSPResponseStatus values (RFC 6960 §4.2.1). */
export const OCSP_RESPONSE_STATUS = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
} as const;

const MAX_NONCE_OCTETS = 128;

/** An OCSPResponse carrying only an error status (no responseBytes), as RFC 6960 §2.3 prescribes. */
export function ocspStatusResponse(status: number): Uint8Array {
  return bytes(
    new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) }).toSchema().toBER(),
  );
}

function hash(algorithm: string, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(algorithm).update(data).digest());
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Which of our CAs a CertID names, comparing the hashes with the algorithm the client chose. */
function authorityOf(certId: pkijs.CertID, authorities: readonly OcspAuthority[]): OcspAuthority | undefined {
  const algorithm = HASHES[certId.hashAlgorithm.algorithmId];
  if (!algorithm) return undefined;
  const nameHash = new Uint8Array(certId.issuerNameHash.valueBlock.valueHexView);
  const keyHash = new Uint8Array(certId.issuerKeyHash.valueBlock.valueHexView);
  return authorities.find(
    (a) =>
      equal(nameHash, hash(algorithm.name, bytes(a.certificate.subjectName.toArrayBuffer()))) &&
      equal(keyHash, hash(algorithm.name, subjectPublicKeyBits(bytes(a.certificate.publicKey.rawData)))),
  );
}

function encodeStatus(status: CertificateStatus): asn1js.BaseBlock {
  switch (status.status) {
    case "good":
      return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
    case "unknown":
      return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
    case "revoked": {
      const value: asn1js.BaseBlock[] = [
        new asn1js.GeneralizedTime({ valueDate: wholeSeconds(status.revokedAt) }),
      ];
      value.push(
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 0 },
          value: [new asn1js.Enumerated({ value: REVOCATION_REASONS[status.reason] })],
        }),
      );
      return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value });
    }
  }
}

function parseRequest(requestDer: Uint8Array): pkijs.OCSPRequest | undefined {
  try {
    const asn = asn1js.fromBER(requestDer);
    if (asn.offset === -1 || asn.offset !== requestDer.byteLength) return undefined;
    const request = new pkijs.OCSPRequest({ schema: asn.result });
    return request.tbsRequest.requestList.length > 0 ? request : undefined;
  } catch {
    return undefined;
  }
}

export async function respondOcsp(
  requestDer: Uint8Array,
  now: Date,
  context: OcspContext,
): Promise<Uint8Array> {
  const request = parseRequest(requestDer);
  if (!request) return ocspStatusResponse(OCSP_RESPONSE_STATUS.malformedRequest);
  try {
    const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.ocspNonce);
    if (nonce && nonce.extnValue.valueBlock.valueHexView.byteLength > MAX_NONCE_OCTETS) {
      return ocspStatusResponse(OCSP_RESPONSE_STATUS.malformedRequest);
    }
    const produced = wholeSeconds(now);
    const matched = request.tbsRequest.requestList.map((r) => authorityOf(r.reqCert, context.authorities));
    const signer = matched.find((a) => a !== undefined) ?? context.authorities[0];
    if (!signer) return ocspStatusResponse(OCSP_RESPONSE_STATUS.internalError);

    const nextUpdate = new Date(produced.getTime() + context.responseValidityMinutes * 60_000);
    const responses = request.tbsRequest.requestList.map((r, i) => {
      const authority = matched[i];
      // One response has one signer: a CertID for a CA other than the signer's gets "unknown".
      const status: CertificateStatus =
        authority && authority === signer
          ? context.statusOf(authority.ca, serialOfInteger(r.reqCert.serialNumber), now)
          : { status: "unknown" };
      return new pkijs.SingleResponse({
        certID: r.reqCert,
        certStatus: encodeStatus(status),
        thisUpdate: produced,
        nextUpdate,
      });
    });

    const responderSpki = bytes(signer.responder.certificate.publicKey.rawData);
    const data = new pkijs.ResponseData({
      responderID: new asn1js.OctetString({ valueHex: hash("sha1", subjectPublicKeyBits(responderSpki)) }),
      producedAt: produced,
      responses,
      ...(nonce ? { responseExtensions: [nonce] } : {}),
    });
    const tbs = new Uint8Array(data.toSchema(true).toBER());
    data.tbsView = tbs;
    const key = await signer.responder.key();
    const signature = await key.sign(tbs);
    const algorithm = signatureAlgorithmOid(key.algorithm);
    const basic = new pkijs.BasicOCSPResponse({
      tbsResponseData: data,
      signatureAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: algorithm.oid,
        ...(algorithm.nullParameters ? { algorithmParams: new asn1js.Null() } : {}),
      }),
      signature: new asn1js.BitString({ valueHex: signature }),
      // RFC 6960 §4.2.2.2: a delegated responder's certificate must reach the client. When the CA signs itself the
      // client should already hold it, but OpenSSL and others only look in `certs`, so it is always included.
      certs: [pkijs.Certificate.fromBER(bytes(signer.responder.certificate.rawData))],
    });
    const response = new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: OCSP_RESPONSE_STATUS.successful }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: OID.ocspBasic,
        response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() }),
      }),
    });
    return bytes(response.toSchema().toBER());
  } catch {
    return ocspStatusResponse(OCSP_RESPONSE_STATUS.internalError);
  }
}
