// Error codes of the PAdES layer (SIG_ prefix). Codes are stable: once published they are never renamed or reused.
// To be merged into signer/src/errors.ts (owned by the component) when that file exists.

export const PadesErrorCode = {
  /** The signed CMS does not fit in the /Contents placeholder reserved by addSignatureField. */
  PLACEHOLDER_TOO_SMALL: "SIG_PLACEHOLDER_TOO_SMALL",
  /** The bytes given to signPreparedPdf have no (or more than one) unfilled signature placeholder. */
  PLACEHOLDER_NOT_FOUND: "SIG_PLACEHOLDER_NOT_FOUND",
  /** The certificate's key type does not match SignerIdentity.algorithm. */
  SIGNER_ALGORITHM_MISMATCH: "SIG_SIGNER_ALGORITHM_MISMATCH",
  /** signer.sign returned a value that does not verify with the certificate's public key. */
  SIGNER_KEY_MISMATCH: "SIG_SIGNER_KEY_MISMATCH",
  /** The signer certificate is not valid at the signing time (`now`). */
  CERTIFICATE_NOT_VALID: "SIG_CERTIFICATE_NOT_VALID",
  /** A certificate could not be parsed (not DER X.509). */
  BAD_CERTIFICATE: "SIG_BAD_CERTIFICATE",
  /** Internal: the CMS encoder changed bytes that must be carried verbatim. */
  CMS_ENCODING: "SIG_CMS_ENCODING",
  /** The PDF's trailer, cross-reference data or catalog cannot be read for an incremental update. */
  PDF_STRUCTURE: "SIG_PDF_STRUCTURE",
  /** Encrypted PDFs are not supported by the incremental writer. */
  PDF_ENCRYPTED: "SIG_PDF_ENCRYPTED",
  /** An option is out of range (placeholder size, rectangle, …). */
  BAD_OPTION: "SIG_BAD_OPTION",
  /** The PDF has no prepared (empty) signature field of the name asked for: sealed before annotated copies existed. */
  PREPARED_FIELD_MISSING: "SIG_PREPARED_FIELD_MISSING",
  /** The prepared signature field is already signed: annotate the registry's original, not an annotated copy. */
  PREPARED_FIELD_SIGNED: "SIG_PREPARED_FIELD_SIGNED",
  /** The annotation's purpose or valid-until date is unusable (empty, too long, not a date). */
  ANNOTATION_INVALID: "SIG_ANNOTATION_INVALID",
} as const;
export type PadesErrorCode = (typeof PadesErrorCode)[keyof typeof PadesErrorCode];

/** Warning codes put in results (never thrown). */
export const PadesWarningCode = {
  /** The timestamp function failed (threw, timed out, or returned an unusable token): the result is B-B. */
  TSA_UNAVAILABLE: "SIG_TSA_UNAVAILABLE",
  /** LTV data was added to a signature without a timestamp: the result stays B-B. */
  LTV_WITHOUT_TIMESTAMP: "SIG_LTV_WITHOUT_TIMESTAMP",
  /** Characters of the purpose the CJK font cannot draw were shown as "?" in the visible note (the signed text is whole). */
  ANNOTATION_GLYPH_REPLACED: "SIG_ANNOTATION_GLYPH_REPLACED",
  /** The purpose was too long for the note's box even at the smallest size and is shortened with "…" on the page. */
  ANNOTATION_TEXT_SHORTENED: "SIG_ANNOTATION_TEXT_SHORTENED",
} as const;
export type PadesWarningCode = (typeof PadesWarningCode)[keyof typeof PadesWarningCode];

/** What each code means and how to fix it (docs/errors.md is built from this). */
export const PADES_ERROR_TEXT: Readonly<Record<PadesErrorCode | PadesWarningCode, string>> = {
  SIG_PLACEHOLDER_TOO_SMALL:
    "The signature does not fit the /Contents placeholder; the message names the size needed.",
  SIG_PLACEHOLDER_NOT_FOUND: "The PDF has no unfilled signature placeholder, or more than one.",
  SIG_SIGNER_ALGORITHM_MISMATCH: "The signer certificate's key type does not match the configured algorithm.",
  SIG_SIGNER_KEY_MISMATCH: "The key store signed with a key that does not match the certificate.",
  SIG_CERTIFICATE_NOT_VALID: "The signer certificate is not valid at the signing time.",
  SIG_BAD_CERTIFICATE: "A certificate could not be parsed as DER X.509.",
  SIG_CMS_ENCODING: "Internal: the CMS encoder changed bytes that must be carried verbatim.",
  SIG_PDF_STRUCTURE:
    "The PDF's trailer, cross-reference data or catalog cannot be read for an incremental update.",
  SIG_PDF_ENCRYPTED: "Encrypted PDFs cannot be updated incrementally.",
  SIG_BAD_OPTION: "An option is out of range (placeholder size, rectangle, …).",
  SIG_PREPARED_FIELD_MISSING:
    "The PDF has no empty signature field prepared for an annotation: it was sealed before annotated copies existed. Re-seal the licence (amend or renew it) to get one.",
  SIG_PREPARED_FIELD_SIGNED:
    "The signature field prepared for an annotation is already signed: annotate the registry's original document.",
  SIG_ANNOTATION_INVALID:
    "The annotation's purpose (1–200 characters) or valid-until date (YYYY-MM-DD) is unusable.",
  SIG_TSA_UNAVAILABLE: "Warning: no timestamp could be had; the signature is B-B and the result says so.",
  SIG_LTV_WITHOUT_TIMESTAMP:
    "Warning: revocation data was added to a signature without a timestamp; it stays B-B.",
  SIG_ANNOTATION_GLYPH_REPLACED:
    "Warning: characters of the purpose that the font cannot draw show as ? in the visible note; the signed note keeps them.",
  SIG_ANNOTATION_TEXT_SHORTENED:
    "Warning: the purpose is too long for the note's box and is shortened with … on the page; the signed note keeps it whole.",
};

export class PadesError extends Error {
  readonly code: PadesErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: PadesErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(`${code}: ${message}`, options);
    this.name = "PadesError";
    this.code = code;
    this.details = details;
  }
}
