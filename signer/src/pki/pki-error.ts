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
  | "SIG_TSA_NOT_CONFIGURED"
  | "SIG_TSA_UNREACHABLE"
  | "SIG_TSA_REJECTED"
  | "SIG_TSA_BAD_RESPONSE";

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
