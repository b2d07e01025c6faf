// The revocation status of one certificate at one moment, as the CRL, OCSP and validation code all see it.
import type { RevocationReason } from "./revocation-reason.js";

export type CertificateStatus =
  | { status: "good" }
  | { status: "revoked"; revokedAt: Date; reason: RevocationReason }
  | { status: "unknown" };
