// Everything about a SignerIdentity that does not change between documents (parsed certificates, the ESS
// signing-certificate-v2 attribute, the public key), computed once per identity and cached.

import { X509Certificate, createHash, verify, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { PadesError, PadesErrorCode } from "./errors.js";
import { OID } from "./oids.js";
import type { SignerIdentity } from "./types.js";

export interface PreparedSigner {
  identity: SignerIdentity;
  /** Signer first, then the chain, as given. */
  certificates: pkijs.Certificate[];
  certificateDers: Uint8Array[];
  sid: pkijs.IssuerAndSerialNumber;
  signingCertificateV2: pkijs.Attribute;
  signatureAlgorithm: () => pkijs.AlgorithmIdentifier;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** Subject CN of the signer certificate (the default /Name of the signature). */
  commonName?: string;
}

const cache = new WeakMap<SignerIdentity, PreparedSigner>();

/**
 * pkijs re-parses a certificate's TBS on every toSchema(); the same certificates go into every CMS, so the
 * schema is built once per identity.
 */
class PreparsedCertificate extends pkijs.Certificate {
  private cachedSchema: asn1js.Sequence | undefined;

  override toSchema(encodeFlag = false): asn1js.Sequence {
    if (encodeFlag) return super.toSchema(true);
    this.cachedSchema ??= super.toSchema(false);
    return this.cachedSchema;
  }
}

function parseCertificate(der: Uint8Array, what: string): pkijs.Certificate {
  try {
    return PreparsedCertificate.fromBER(der);
  } catch (cause) {
    throw new PadesError(
      PadesErrorCode.BAD_CERTIFICATE,
      `${what} is not a DER X.509 certificate`,
      {},
      { cause },
    );
  }
}

/** ESS SigningCertificateV2 (RFC 5035) with one ESSCertIDv2: SHA-256 hash (the DEFAULT, so no AlgorithmIdentifier) and IssuerSerial. */
function signingCertificateV2(der: Uint8Array, cert: pkijs.Certificate): pkijs.Attribute {
  const hash = createHash("sha256").update(der).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] }),
        ],
      }),
      cert.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: hash }), issuerSerial],
  });
  return new pkijs.Attribute({
    type: OID.signingCertificateV2,
    values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
  });
}

function commonNameOf(cert: pkijs.Certificate): { commonName?: string } {
  const cn = cert.subject.typesAndValues.find((tv) => tv.type === "2.5.4.3");
  const value: unknown = cn?.value.valueBlock.value;
  return typeof value === "string" ? { commonName: value } : {};
}

function checkAlgorithm(identity: SignerIdentity, key: KeyObject): void {
  const d = key.asymmetricKeyDetails ?? {};
  const ok =
    identity.algorithm === "ECDSA-P256"
      ? key.asymmetricKeyType === "ec" && d.namedCurve === "prime256v1"
      : key.asymmetricKeyType === "rsa" && (d.modulusLength ?? 0) >= 3072;
  if (!ok) {
    const actual = `${key.asymmetricKeyType ?? "?"} ${d.namedCurve ?? d.modulusLength ?? ""}`.trim();
    throw new PadesError(
      PadesErrorCode.SIGNER_ALGORITHM_MISMATCH,
      `signer.algorithm is ${identity.algorithm} but the certificate holds a ${actual} key`,
    );
  }
}

export function prepareSigner(identity: SignerIdentity): PreparedSigner {
  const hit = cache.get(identity);
  if (hit && hit.certificateDers[0] === identity.certificate) return hit;
  const certificateDers = [identity.certificate, ...identity.chain];
  const certificates = certificateDers.map((der, i) =>
    parseCertificate(der, i === 0 ? "signer.certificate" : `signer.chain[${i - 1}]`),
  );
  const signer = certificates[0] as pkijs.Certificate;
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(identity.certificate);
  } catch (cause) {
    throw new PadesError(
      PadesErrorCode.BAD_CERTIFICATE,
      "signer.certificate has no usable public key",
      {},
      { cause },
    );
  }
  const publicKey = x509.publicKey;
  checkAlgorithm(identity, publicKey);
  const prepared: PreparedSigner = {
    identity,
    certificates,
    certificateDers,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
    signingCertificateV2: signingCertificateV2(identity.certificate, signer),
    signatureAlgorithm:
      identity.algorithm === "ECDSA-P256"
        ? () => new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 })
        : () =>
            new pkijs.AlgorithmIdentifier({
              algorithmId: OID.sha256WithRsa,
              algorithmParams: new asn1js.Null(),
            }),
    publicKey,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    ...commonNameOf(signer),
  };
  cache.set(identity, prepared);
  return prepared;
}

/** ECDSA r‖s (IEEE P1363, what WebCrypto and PKCS#11 return) to a DER ECDSA-Sig-Value. */
export function p1363ToDer(sig: Uint8Array): Uint8Array {
  const half = sig.length / 2;
  const int = (b: Uint8Array): number[] => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = Array.from(b.subarray(i));
    return (v[0] as number) & 0x80 ? [0x02, v.length + 1, 0, ...v] : [0x02, v.length, ...v];
  };
  const body = [...int(sig.subarray(0, half)), ...int(sig.subarray(half))];
  return Uint8Array.from([0x30, body.length, ...body]);
}

function verifies(prepared: PreparedSigner, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify("sha256", data, prepared.publicKey, signature);
  } catch {
    return false;
  }
}

/**
 * Returns the signature to embed (DER for ECDSA), after checking it with the certificate's key: catches a key
 * store handing back a signature from the wrong key before it is sealed into a document. A 64-byte ECDSA r‖s
 * from a WebCrypto/PKCS#11 key store is accepted and converted.
 */
export function checkedSignature(
  prepared: PreparedSigner,
  data: Uint8Array,
  signature: Uint8Array,
): Uint8Array {
  if (verifies(prepared, data, signature)) return signature;
  if (prepared.identity.algorithm === "ECDSA-P256" && signature.length === 64) {
    const der = p1363ToDer(signature);
    if (verifies(prepared, data, der)) return der;
  }
  throw new PadesError(
    PadesErrorCode.SIGNER_KEY_MISMATCH,
    "signer.sign returned a signature that does not verify with signer.certificate: check the key handle belongs to this certificate and returns DER (ECDSA) / PKCS#1 v1.5 (RSA) over SHA-256",
  );
}

/** A seal made outside its certificate's validity is worthless to every validator: refuse it up front. */
export function assertValidAt(prepared: PreparedSigner, now: Date): void {
  if (now < prepared.notBefore || now > prepared.notAfter) {
    throw new PadesError(
      PadesErrorCode.CERTIFICATE_NOT_VALID,
      `the signer certificate is valid from ${prepared.notBefore.toISOString()} to ${prepared.notAfter.toISOString()}, not at ${now.toISOString()}: renew the e-seal certificate`,
    );
  }
}
