// Errors raised by the dev PKI, its CRL/OCSP/TSA builders and the timestamp client, with stable SIG_PKI_* / SIG_TSA_*
// codes (listed for docs/errors.md). OCSP and TSA responders never throw on bad requests: they answer with an error status.

export type PkiErrorCode =
  | "SIG_PKI_SPEC_INVALID"
  | "SIG_PKI_DEPARTMENT_INVALID"
  | "SIG_PKI_NOT_FOUND"
  | "SIG_PKI_STATE_INVALID"
  | "SIG_PKI_DEPARTMENT_UNKNOWN"
  | "SIG_PKI_SEAL_REVOKED"
  | "SIG_PKI_SERIAL_UNKNOWN"
  | "SIG_PKI_REVOKE_ROOT"
  | "SIG_PKI_REASON_INVALID"
  | "SIG_PKI_PLATFORM_SEAL_UNAVAILABLE"
  | "SIG_PKI_LOCKED"
  | "SIG_TSA_NOT_CONFIGURED"
  | "SIG_TSA_UNREACHABLE"
  | "SIG_TSA_REJECTED"
  | "SIG_TSA_BAD_RESPONSE";

/** What each code means and how to fix it (docs/errors.md is built from this). */
export const PKI_ERROR_CODES: Readonly<Record<PkiErrorCode, string>> = {
  SIG_PKI_SPEC_INVALID: "certs/pki.json breaks the dev-PKI format; every problem is listed by member.",
  SIG_PKI_DEPARTMENT_INVALID: "A department given to the PKI has no name or a malformed credit code.",
  SIG_PKI_NOT_FOUND: "The PKI directory holds no PKI; run `elicence init` (or start once) to create it.",
  SIG_PKI_STATE_INVALID: "The PKI's state file is unreadable or inconsistent; restore it from a backup.",
  SIG_PKI_DEPARTMENT_UNKNOWN:
    "No e-seal certificate exists for this department; add it to a licence type's issuers and restart.",
  SIG_PKI_SEAL_REVOKED:
    "The department's e-seal certificate is revoked; a new one is issued at the next start.",
  SIG_PKI_SERIAL_UNKNOWN: "No certificate with this serial was issued by this PKI.",
  SIG_PKI_REVOKE_ROOT: "The root CA cannot revoke itself; replace the PKI instead.",
  SIG_PKI_REASON_INVALID:
    "Not an RFC 5280 revocation reason (keyCompromise, superseded, cessationOfOperation, …).",
  SIG_PKI_PLATFORM_SEAL_UNAVAILABLE:
    'The PKI has no usable annotation seal (certs/pki.json "platform" missing, or its certificate revoked); restart the registry to issue one.',
  SIG_PKI_LOCKED:
    "Another live process holds the PKI directory's lock (.lock, its owner named in the message) beyond the wait: let it finish, or stop it. A lock whose owner died on this host is taken over at once.",
  SIG_TSA_NOT_CONFIGURED:
    "No timestamp authority is configured (neither ELICENCE_TSA_URL nor the built-in one).",
  SIG_TSA_UNREACHABLE:
    "The timestamp authority did not answer in time; the licence is sealed B-B and says so.",
  SIG_TSA_REJECTED: "The timestamp authority refused the request (status in the message).",
  SIG_TSA_BAD_RESPONSE: "The timestamp authority's answer is not a valid token for this request.",
};

export interface PkiErrorDetail {
  field: string;
  message: string;
}

export class PkiError extends Error {
  override readonly name = "PkiError";
  constructor(
    readonly code: PkiErrorCode,
    message: string,
    readonly details: PkiErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
