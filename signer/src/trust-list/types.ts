// The published trust list (/.well-known/elicence/trust-list.json): the departments' e-seal certificates with their
// validity and revocation status, signed by the issuing CA (detached compact JWS over the canonical JSON).

export const TRUST_LIST_FORMAT = "elicence-trust-list/1";
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
}

export interface TrustListBody {
  format: typeof TRUST_LIST_FORMAT;
  /** ISO timestamps: when the list was signed, and when a verifier must fetch a new one (stale after). */
  issuedAt: string;
  nextUpdate: string;
  issuer: { name: string; certificate: string };
  /** base64 DER of the root the issuing CA chains to. */
  root: string;
  /** Every seal certificate the PKI issued, current and retired, so older licences still verify. */
  seals: TrustListEntry[];
}

export interface TrustList extends TrustListBody {
  /** Compact JWS with detached payload (RFC 7515 appendix F) by the issuing CA over canonicalJson(body). */
  signature: string;
}
