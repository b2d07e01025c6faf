// Object identifiers the dev PKI writes and reads, in one place with where each comes from.

export const OID = {
  // RFC 5280 / X.520 attribute types
  countryName: "2.5.4.6",
  organizationName: "2.5.4.10",
  commonName: "2.5.4.3",
  /** X.520 organizationIdentifier; ETSI EN 319 412-1 §5.1.4 gives its value the form "NTRCN-<registration number>". */
  organizationIdentifier: "2.5.4.97",

  // Extended key usages (RFC 5280 §4.2.1.12, RFC 9336 for documentSigning)
  ekuEmailProtection: "1.3.6.1.5.5.7.3.4",
  ekuTimeStamping: "1.3.6.1.5.5.7.3.8",
  ekuOcspSigning: "1.3.6.1.5.5.7.3.9",
  ekuDocumentSigning: "1.3.6.1.5.5.7.3.36",
  /** ETSI TS 119 612 id-tsl-kp-tslSigning: the certificate that signs a trusted list. */
  ekuTrustListSigning: "0.4.0.2231.3.0",

  /**
   * Certificate policy of the registry's annotation seal (证照库平台印章, certs/pki.json "platform"): validators accept an
   * approval signature on a licence (an annotated copy) from a certificate carrying it. Under 2.999 (the example arc,
   * ITU-T X.660), like the dev TSA policy 2.999.8.1: a production PKI would use its own arc.
   */
  annotationSealPolicy: "2.999.8.2",

  // Extensions
  certificatePolicies: "2.5.29.32",
  crlNumber: "2.5.29.20",
  crlReason: "2.5.29.21",
  authorityKeyIdentifier: "2.5.29.35",
  ocspNoCheck: "1.3.6.1.5.5.7.48.1.5",
  ocspNonce: "1.3.6.1.5.5.7.48.1.2",
  ocspBasic: "1.3.6.1.5.5.7.48.1.1",

  // Hashes
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",

  // CMS (RFC 5652), ESS (RFC 5035), TSP (RFC 3161)
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
} as const;

/** Hash OIDs the OCSP responder and the TSA accept, with their node:crypto names and digest sizes. */
export const HASHES: Readonly<Record<string, { name: string; size: number }>> = {
  [OID.sha1]: { name: "sha1", size: 20 },
  [OID.sha256]: { name: "sha256", size: 32 },
  [OID.sha384]: { name: "sha384", size: 48 },
  [OID.sha512]: { name: "sha512", size: 64 },
};
