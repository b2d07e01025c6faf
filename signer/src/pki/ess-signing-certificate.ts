// The ESS signing-certificate-v2 signed attribute (RFC 5035): binds a CMS signature to the signer's certificate by its
// SHA-256 hash plus issuer and serial. TSA tokens need it (RFC 5816), and so do PAdES signatures.
import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { OID } from "./oids.js";

/** signing-certificate-v2 for `certificateDer`, with the default hash (SHA-256, so hashAlgorithm is omitted). */
export function signingCertificateV2Attribute(certificateDer: Uint8Array): pkijs.Attribute {
  const certificate = pkijs.Certificate.fromBER(certificateDer);
  const certHash = createHash("sha256").update(certificateDer).digest();
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: certHash }),
      new asn1js.Sequence({
        value: [
          // IssuerSerial.issuer is GeneralNames: one directoryName [4] holding the issuer Name.
          new asn1js.Sequence({
            value: [
              new asn1js.Constructed({
                idBlock: { tagClass: 3, tagNumber: 4 },
                value: [certificate.issuer.toSchema()],
              }),
            ],
          }),
          certificate.serialNumber,
        ],
      }),
    ],
  });
  return new pkijs.Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}
