// Errors of the issuing side of QR payloads (stable SIG_QR_* codes): bad claims or a bad signer are caller bugs.

export const QR_PAYLOAD_ERROR_CODES = {
  SIG_QR_CLAIMS_INVALID:
    "The QR claims are not a well-formed licence record (identifier with a valid check character, ISO dates, masked holder fields of 1–64 characters, a token, an 8-byte document hash prefix); the message names the claim.",
  SIG_QR_SIGNER_INVALID:
    "The QR signer must give an 8-byte kid and sign with ES256 (ECDSA P-256) or RS256; the message says what was wrong.",
} as const;

export type QrPayloadErrorCode = keyof typeof QR_PAYLOAD_ERROR_CODES;

export class QrPayloadError extends Error {
  override readonly name = "QrPayloadError";
  constructor(
    readonly code: QrPayloadErrorCode,
    message: string,
  ) {
    super(message);
  }
}
