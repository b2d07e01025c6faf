// The published trust list (/.well-known/elicence/trust-list.json): the departments' e-seal certificates with their
// validity, revocation status and the licence types each may seal, numbered (sequence) and signed by the trust-list
// signer, a certificate of its own under the issuing CA (detached compact JWS over the canonical JSON).

/** Format 2 added the sequence, the signer certificate and licenceTypes; a format 1 list is refused. */
export const TRUST_LIST_FORMAT = "elicence-trust-list/2";
export const TRUST_LIST_PATH = "/.well-known/elicence/trust-list.json";

export interface TrustListEntry {
  department: { code: string; name: string };
  /** base64url of the first 8 bytes of SHA-256(certificate DER): the COSE kid of this seal's QR payloads. */
  kid: string;
  /** Hex serial of the seal certificate. */
  serial: string;
  /** base64 DER. */
  certificate: string;
  /** base64 DER SubjectPublicKeyInfo (the certificate's, repeated so a verifier need not parse X.509). */
  spki: string;
  notBefore: string;
  notAfter: string;
  status: "good" | "revoked";
  revokedAt?: string;
  /** RFC 5280 reason name, e.g. keyCompromise. */
  revocationReason?: string;
  /**
   * The licence type codes this seal's department may issue (the catalogue's issuers): a QR code or PDF of another
   * type sealed with it is refused. Empty for the registry's annotation seal, which seals no licence.
   */
  licenceTypes: string[];
}

export interface TrustListBody {
  format: typeof TRUST_LIST_FORMAT;
  /**
   * Grows with every change of the list's contents (persisted with the PKI state). A verifier that has seen a list
   * numbered n refuses one numbered below n: an older genuine list may predate a seal's revocation.
   */
  sequence: number;
  /** ISO timestamps: when the list was signed, and when a verifier must fetch a new one (stale after). */
  issuedAt: string;
  nextUpdate: string;
  /** The issuing CA (base64 DER): it issued the seals and the signer, and chains to the root. */
  issuer: { name: string; certificate: string };
  /** base64 DER of the certificate that signed the list: issued by the issuing CA, EKU id-tsl-kp-tslSigning. */
  signer: { certificate: string };
  /** base64 DER of the root the issuing CA chains to. */
  root: string;
  /** Every seal certificate the PKI issued, current and retired, so older licences still verify. */
  seals: TrustListEntry[];
}

export interface TrustList extends TrustListBody {
  /** Compact JWS with detached payload (RFC 7515 appendix F) by the trust-list signer over canonicalJson(body). */
  signature: string;
}
