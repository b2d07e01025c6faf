// Builds the detached CMS SignedData of a PAdES baseline signature: signed attributes in DER order,
// no signing-time (PAdES puts the time in /M), signer + chain certificates, optional signature timestamp.

import { PadesError, PadesErrorCode } from "./errors.js";
import { compareDer } from "../der/der-set.js";
import { TAG, der, derOid, derSmallInteger } from "./der-writer.js";
import { OID } from "./oids.js";
import type { PreparedSigner } from "./prepared-signer.js";

export interface SignedAttributes {
  /** Each attribute's DER, in DER SET OF order. */
  encoded: Uint8Array[];
  /** The SET OF Attribute (tag 0x31) that the signature is computed over. */
  der: Uint8Array;
}

const SHA256_ALGORITHM = der(TAG.sequence, derOid(OID.sha256));
const ID_DATA = derOid(OID.data);
const CONTENT_TYPE_ATTRIBUTE = der(TAG.sequence, derOid(OID.contentType), der(TAG.set, ID_DATA));
const MESSAGE_DIGEST = derOid(OID.messageDigest);
const SIGNATURE_TIMESTAMP_TOKEN = derOid(OID.signatureTimeStampToken);
const ID_SIGNED_DATA = derOid(OID.signedData);
const VERSION_1 = derSmallInteger(1);

/** The parts of a SignerInfo and SignedData that depend only on the signer, encoded once per identity. */
interface SignerDer {
  sid: Uint8Array;
  signatureAlgorithm: Uint8Array;
  signingCertificateV2: Uint8Array;
  /** [0] IMPLICIT CertificateSet: the signer and chain certificates, verbatim and in the given order. */
  certificates: Uint8Array;
}

const signerDers = new WeakMap<PreparedSigner, SignerDer>();

function berOf(schema: { toBER(sizeOnly?: boolean): ArrayBuffer }): Uint8Array {
  return new Uint8Array(schema.toBER(false));
}

function signerDer(prepared: PreparedSigner): SignerDer {
  let d = signerDers.get(prepared);
  if (!d) {
    d = {
      sid: berOf(prepared.sid.toSchema()),
      signatureAlgorithm: berOf(prepared.signatureAlgorithm().toSchema()),
      signingCertificateV2: berOf(prepared.signingCertificateV2.toSchema()),
      certificates: der(TAG.context0, ...prepared.certificateDers),
    };
    signerDers.set(prepared, d);
  }
  return d;
}

/** content-type (id-data), message-digest, signing-certificate-v2. */
export function buildSignedAttributes(
  documentDigest: Uint8Array,
  prepared: PreparedSigner,
): SignedAttributes {
  const encoded = [
    CONTENT_TYPE_ATTRIBUTE,
    der(TAG.sequence, MESSAGE_DIGEST, der(TAG.set, der(TAG.octetString, documentDigest))),
    signerDer(prepared).signingCertificateV2,
  ].sort(compareDer);
  return { encoded, der: der(TAG.set, ...encoded) };
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

/** ContentInfo { signedData } DER (RFC 5652), written directly: every signed structure goes in byte for byte. */
export function encodeSignedData(p: SignedDataParts): Uint8Array {
  const s = signerDer(p.prepared);
  // signedAttrs is [0] IMPLICIT SET OF: the signed SET with its tag changed, nothing else.
  const signedAttrs = new Uint8Array(p.signedAttributes.der);
  signedAttrs[0] = TAG.context0;
  const signerInfo = der(
    TAG.sequence,
    VERSION_1,
    s.sid,
    SHA256_ALGORITHM,
    signedAttrs,
    s.signatureAlgorithm,
    der(TAG.octetString, p.signatureValue),
    ...(p.timestampToken
      ? [der(TAG.context1, der(TAG.sequence, SIGNATURE_TIMESTAMP_TOKEN, der(TAG.set, p.timestampToken)))]
      : []),
  );
  const signedData = der(
    TAG.sequence,
    VERSION_1,
    der(TAG.set, SHA256_ALGORITHM),
    der(TAG.sequence, ID_DATA),
    s.certificates,
    der(TAG.set, signerInfo),
  );
  const out = der(TAG.sequence, ID_SIGNED_DATA, der(TAG.context0, signedData));

  // The certificates, the signed attributes and the token are signed by someone else: any change of a byte would
  // break them, so insist they went through verbatim.
  const verbatim = [
    ...p.prepared.certificateDers,
    p.signedAttributes.der.subarray(1),
    ...(p.timestampToken ? [p.timestampToken] : []),
  ];
  for (const piece of verbatim) {
    if (!contains(out, piece))
      throw new PadesError(
        PadesErrorCode.CMS_ENCODING,
        "the CMS encoder altered a signed structure (certificate, signed attributes or timestamp token) — is it DER?",
      );
  }
  return out;
}
