// Builds the detached CMS SignedData of a PAdES baseline signature with pkijs: signed attributes in DER order,
// no signing-time (PAdES puts the time in /M), signer + chain certificates, optional signature timestamp.

import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { PadesError, PadesErrorCode } from "./errors.js";
import { encodeDerSet, compareDer } from "./der-set.js";
import { OID } from "./oids.js";
import type { PreparedSigner } from "./prepared-signer.js";

export interface SignedAttributes {
  /** In DER SET OF order. */
  attributes: pkijs.Attribute[];
  /** The SET OF Attribute (tag 0x31) that the signature is computed over. */
  der: Uint8Array;
}

const sha256Algorithm = () => new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });

function berOf(schema: asn1js.AsnType): Uint8Array {
  return new Uint8Array(schema.toBER(false));
}

/** content-type (id-data), message-digest, signing-certificate-v2. */
export function buildSignedAttributes(
  documentDigest: Uint8Array,
  prepared: PreparedSigner,
): SignedAttributes {
  const attributes = [
    new pkijs.Attribute({
      type: OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: OID.data })],
    }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: documentDigest })],
    }),
    prepared.signingCertificateV2,
  ];
  const encoded = attributes.map((a) => ({ a, der: berOf(a.toSchema()) }));
  encoded.sort((x, y) => compareDer(x.der, y.der));
  return { attributes: encoded.map((e) => e.a), der: encodeDerSet(encoded.map((e) => e.der)) };
}

export interface SignedDataParts {
  prepared: PreparedSigner;
  signedAttributes: SignedAttributes;
  signatureValue: Uint8Array;
  /** A TimeStampToken (ContentInfo DER) to carry as id-aa-signatureTimeStampToken. */
  timestampToken?: Uint8Array;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle) >= 0;
}

/** ContentInfo { signedData } DER. */
export function encodeSignedData(p: SignedDataParts): Uint8Array {
  let unsignedAttrs: pkijs.SignedAndUnsignedAttributes | undefined;
  if (p.timestampToken) {
    const token = asn1js.fromBER(p.timestampToken);
    if (token.offset === -1) throw new PadesError(PadesErrorCode.CMS_ENCODING, "timestamp token is not BER");
    unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [new pkijs.Attribute({ type: OID.signatureTimeStampToken, values: [token.result] })],
    });
  }
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: p.prepared.sid,
    digestAlgorithm: sha256Algorithm(),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: p.signedAttributes.attributes,
    }),
    signatureAlgorithm: p.prepared.signatureAlgorithm(),
    signature: new asn1js.OctetString({ valueHex: p.signatureValue }),
    ...(unsignedAttrs ? { unsignedAttrs } : {}),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256Algorithm()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: p.prepared.certificates,
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(false),
  });
  const der = berOf(contentInfo.toSchema());

  // pkijs re-encodes what it parsed. The certificates, the signed attributes and the token are signed by
  // someone else, so any change of a byte would break them: insist they went through verbatim.
  const verbatim = [
    ...p.prepared.certificateDers,
    p.signedAttributes.der.subarray(1),
    ...(p.timestampToken ? [p.timestampToken] : []),
  ];
  for (const piece of verbatim) {
    if (!contains(der, piece))
      throw new PadesError(
        PadesErrorCode.CMS_ENCODING,
        "the CMS encoder altered a signed structure (certificate, signed attributes or timestamp token) — is it DER?",
      );
  }
  return der;
}
