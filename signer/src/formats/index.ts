// The licence document formats by id: the one place a new format is added (see document-format.ts).
import { DOCUMENT_FORMAT_IDS, type DocumentFormat, type DocumentFormatId } from "./document-format.js";
import { pdfFormat } from "./pdf/pdf-format.js";

export const DOCUMENT_FORMATS: Readonly<Record<DocumentFormatId, DocumentFormat>> = { pdf: pdfFormat };

export function isDocumentFormatId(value: unknown): value is DocumentFormatId {
  return typeof value === "string" && (DOCUMENT_FORMAT_IDS as readonly string[]).includes(value);
}

/** The format of that id. */
export function documentFormat(id: DocumentFormatId): DocumentFormat {
  return DOCUMENT_FORMATS[id];
}

/** The format whose header `bytes` start with, or null. */
export function formatOf(bytes: Uint8Array): DocumentFormat | null {
  return Object.values(DOCUMENT_FORMATS).find((f) => f.recognises(bytes)) ?? null;
}

export {
  DEFAULT_DOCUMENT_FORMAT,
  DOCUMENT_FORMAT_IDS,
  type AnnotateDocumentRequest,
  type AnnotatedDocument,
  type DocumentFormat,
  type DocumentFormatId,
  type SealDocumentRequest,
  type SealedDocument,
  type SealLevel,
} from "./document-format.js";
export { pdfFormat } from "./pdf/pdf-format.js";
export { writePdf, type RenderedLicence } from "./pdf/write-pdf.js";
export { annotationRect } from "./pdf/annotation-rect.js";
