// The seam every licence document format plugs into: the sealer, the registry's document store and the validators
// reach a format only through this interface, keyed by DocumentFormatId. A format is one module under formats/
// (pdf/ today: the PDF writer, PAdES sealing, the PDF validation engine); the layout engine's description
// (render/page-description.ts) is what every format's writer starts from. A second format (OFD, GB/T 33190 with
// SM2 seals) adds its module and its entry in DOCUMENT_FORMATS (formats/index.ts), nothing else.
import type { Layout } from "../render/layout.js";
import type { LicenceDescription } from "../render/page-description.js";
import type { SignerIdentity, TimestampFn, LtvData } from "../pades/types.js";
import type { ValidationContext, ValidationReport } from "../validation/types.js";

/** The formats a licence document can be made in. */
export const DOCUMENT_FORMAT_IDS = ["pdf"] as const;
export type DocumentFormatId = (typeof DOCUMENT_FORMAT_IDS)[number];
/** What a licence is sealed as when nothing else is asked for. */
export const DEFAULT_DOCUMENT_FORMAT: DocumentFormatId = "pdf";

/** Everything a format needs to seal one licence: its description, its layout (for format-placed boxes) and the key. */
export interface SealDocumentRequest {
  description: LicenceDescription;
  /** The declarative layout the description came from: where the annotated copy's note goes is the layout's. */
  layout: Layout;
  signer: SignerIdentity;
  timestamp?: TimestampFn;
  timestampTimeoutMs?: number;
  /** Chain and revocation data to embed for long-term validation, when asked for. */
  ltv?: LtvData;
  /** Why and where it was sealed, as the signature records them. */
  reason: string;
  location: string;
  now: Date;
}

/** Signature levels across formats: B-B signed, B-T with a timestamp, B-LT with validation data embedded. */
export type SealLevel = "B-B" | "B-T" | "B-LT";

export interface SealedDocument {
  bytes: Uint8Array;
  /** SHA-256 (hex) of `bytes`: the hash the registry stores the document under. */
  sha256: string;
  level: SealLevel;
  warnings: string[];
}

/** An annotated copy (加注件): the sealed document with a signed note "for <purpose> only, valid until <date>". */
export interface AnnotateDocumentRequest {
  /** The sealed document as the registry stores it. */
  document: Uint8Array;
  identifier: string;
  purpose: string;
  /** YYYY-MM-DD. */
  validUntil: string;
  signer: SignerIdentity;
  timestamp?: TimestampFn;
  timestampTimeoutMs?: number;
  location: string;
  now: Date;
}

export interface AnnotatedDocument {
  bytes: Uint8Array;
  sha256: string;
  level: "B-B" | "B-T";
  warnings: string[];
  note: { zh: string; en: string };
}

export interface DocumentFormat {
  readonly id: DocumentFormatId;
  /** The Content-Type the registry answers the document with. */
  readonly mediaType: string;
  /** The file name ending of stored and downloaded documents, with its dot. */
  readonly fileExtension: string;
  /** Whether `bytes` start like a document of this format (a cheap look at the header, not a validation). */
  recognises(bytes: Uint8Array): boolean;
  /** Writes the description and seals it with the department's key: the licence document as the registry keeps it. */
  seal(request: SealDocumentRequest): Promise<SealedDocument>;
  /** Adds the registry's signed note to a sealed document (throws the format's coded error when it cannot). */
  annotate(request: AnnotateDocumentRequest): Promise<AnnotatedDocument>;
  /** Validates a document in this thread; never throws: bad input is a report. */
  validate(bytes: Uint8Array, context: ValidationContext): Promise<ValidationReport>;
}
