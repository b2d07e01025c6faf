// Builds an RFC 6960 OCSP request for one certificate: what a signer needs to fetch revocation data to embed (LTV).
import "reflect-metadata";
import { createHash, randomBytes } from "node:crypto";
import type * as x509 from "@peculiar/x509";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { bytes, subjectPublicKeyBits } from "./der.js";
import { OID } from "./oids.js";

export function buildOcspRequest(
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  options: { nonce?: boolean } = {},
): Uint8Array {
  const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash("sha256").update(data).digest());
  const parsed = pkijs.Certificate.fromBER(bytes(certificate.rawData));
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [
    new pkijs.Request({
      reqCert: new pkijs.CertID({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
        issuerNameHash: new asn1js.OctetString({
          valueHex: sha256(bytes(issuer.subjectName.toArrayBuffer())),
        }),
        issuerKeyHash: new asn1js.OctetString({
          valueHex: sha256(subjectPublicKeyBits(bytes(issuer.publicKey.rawData))),
        }),
        serialNumber: parsed.serialNumber,
      }),
    }),
  ];
  if (options.nonce ?? true) {
    request.tbsRequest.requestExtensions = [
      new pkijs.Extension({
        extnID: OID.ocspNonce,
        extnValue: new asn1js.OctetString({ valueHex: randomBytes(16) }).toBER(),
      }),
    ];
  }
  return bytes(request.toSchema(true).toBER());
}
