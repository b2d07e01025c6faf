// Small interfaces through which the key stores (signer/src/keys) and the TSA (signer/src/pki) plug into PAdES signing.

export type SignatureAlgorithm = "ECDSA-P256" | "RSA-3072";

/** A sealing key and its certificate path, as exposed by a key store (software, PKCS#11, …). */
export interface SignerIdentity {
  /** The signer (e-seal) certificate, DER. */
  certificate: Uint8Array;
  /** Issuing CA … up to, but not including, the root; DER, nearest issuer first. */
  chain: Uint8Array[];
  algorithm: SignatureAlgorithm;
  /**
   * Signs `data` (hashing it with SHA-256 itself).
   * ECDSA: DER ECDSA-Sig-Value; RSA: PKCS#1 v1.5 with SHA-256.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** RFC 3161 client: returns a TimeStampToken (a CMS ContentInfo, DER) over the given SHA-256 digest. */
export type TimestampFn = (messageImprintSha256: Uint8Array) => Promise<Uint8Array>;

/** Revocation and chain data for the Document Security Store (PAdES B-LT). */
export interface LtvData {
  /** Certificates, DER. */
  certs: Uint8Array[];
  /** CRLs, DER. */
  crls: Uint8Array[];
  /** OCSPResponse structures (RFC 6960), DER. */
  ocsps: Uint8Array[];
}

export type PadesLevel = "B-B" | "B-T" | "B-LT";
