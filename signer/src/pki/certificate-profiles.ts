// What each certificate of the dev PKI contains: subject names and extensions per role (root, issuing, e-seal,
// TSA, OCSP responders, trust-list signer). Kept apart from generation so the profiles can be read, reviewed and tested on their own.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type { SealDepartment } from "./department.js";
import { keyIdentifier } from "./der.js";
import { OID } from "./oids.js";
import type { SubjectSpec } from "./pki-spec.js";

/**
 * "root-ocsp" answers OCSP about the certificates the root issued (the issuing CA), as "ocsp" does for the issuing
 * CA's: CA keys sign certificates and CRLs only. "trust-list" signs the published trust list.
 */
export type CertificateRole = "root" | "issuing" | "seal" | "tsa" | "ocsp" | "root-ocsp" | "trust-list";
export type CaName = "root" | "issuing";

/** C as PrintableString (X.520 requires it), O and CN as UTF8String (RFC 5280 §4.1.2.6). */
export function caSubject(subject: SubjectSpec): x509.Name {
  return new x509.Name([
    { [OID.countryName]: [{ printableString: subject.country }] },
    { [OID.organizationName]: [{ utf8String: subject.organization }] },
    { [OID.commonName]: [{ utf8String: subject.commonName }] },
  ]);
}

/**
 * The e-seal subject (ETSI EN 319 412-3 legal-person profile): CN and O are the department's name; the
 * organizationIdentifier carries the USCC in the ETSI EN 319 412-1 §5.1.4 semantics-identifier form
 * "NTR" (national trade register) + "CN" + "-" + identifier, the form validators such as EU DSS parse, since the
 * USCC is the department's registration number in the national register of legal persons.
 */
export function sealSubject(department: SealDepartment, organizationIdentifierPrefix: string): x509.Name {
  return new x509.Name([
    { [OID.countryName]: [{ printableString: "CN" }] },
    { [OID.organizationName]: [{ utf8String: department.name.trim() }] },
    { [OID.organizationIdentifier]: [{ utf8String: `${organizationIdentifierPrefix}${department.code}` }] },
    { [OID.commonName]: [{ utf8String: department.name.trim() }] },
  ]);
}

export interface ProfileInput {
  role: CertificateRole;
  subjectSpki: Uint8Array;
  /** The issuer's SPKI (the subject's own for the self-signed root). */
  issuerSpki: Uint8Array;
  /** Where relying parties find the issuer's CRL, OCSP responder and certificate; absent for the root. */
  urls?: { crl: string; ocsp?: string; caIssuers: string };
  /** Certificate policies (non-critical); the platform's annotation seal carries OID.annotationSealPolicy. */
  policies?: string[];
}

const KU = x509.KeyUsageFlags;

export function extensionsFor(input: ProfileInput): x509.Extension[] {
  const ski = new x509.SubjectKeyIdentifierExtension(keyIdentifier(input.subjectSpki));
  const aki = new x509.AuthorityKeyIdentifierExtension(keyIdentifier(input.issuerSpki));
  const distribution: x509.Extension[] = [];
  if (input.urls) {
    distribution.push(new x509.CRLDistributionPointsExtension([input.urls.crl]));
    distribution.push(
      new x509.AuthorityInfoAccessExtension({
        ...(input.urls.ocsp ? { ocsp: [input.urls.ocsp] } : {}),
        caIssuers: [input.urls.caIssuers],
      }),
    );
  }
  switch (input.role) {
    case "root":
      return [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(KU.keyCertSign | KU.cRLSign, true),
        ski,
        aki,
      ];
    case "issuing":
      // pathLength 0: the issuing CA signs end-entity certificates only.
      return [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(KU.keyCertSign | KU.cRLSign, true),
        ski,
        aki,
        ...distribution,
      ];
    case "seal":
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(KU.digitalSignature | KU.nonRepudiation, true),
        // emailProtection beside documentSigning: poppler/NSS reject a signer certificate without it.
        new x509.ExtendedKeyUsageExtension([OID.ekuDocumentSigning, OID.ekuEmailProtection], false),
        ...(input.policies && input.policies.length > 0
          ? [new x509.CertificatePolicyExtension(input.policies, false)]
          : []),
        ski,
        aki,
        ...distribution,
      ];
    case "tsa":
      // RFC 3161 §2.3: exactly one EKU, timeStamping, and critical.
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(KU.digitalSignature | KU.nonRepudiation, true),
        new x509.ExtendedKeyUsageExtension([OID.ekuTimeStamping], true),
        ski,
        aki,
        ...distribution,
      ];
    case "trust-list":
      // ETSI TS 119 612's id-tsl-kp-tslSigning, critical: this key signs trust lists and nothing else, and verifiers
      // accept a list only from a certificate carrying it, so no seal key can sign one.
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(KU.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([OID.ekuTrustListSigning], true),
        ski,
        aki,
        ...distribution,
      ];
    case "ocsp":
    case "root-ocsp":
      // id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): clients need not check the responder's own revocation status,
      // which is why its validity is kept short in pki.json.
      return [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(KU.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([OID.ekuOcspSigning], false),
        new x509.Extension(OID.ocspNoCheck, false, new Uint8Array([0x05, 0x00])),
        ski,
        aki,
        ...distribution,
      ];
  }
}
