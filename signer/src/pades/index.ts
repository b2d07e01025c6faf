// Public surface of the PAdES layer: prepare a signature field, sign it (B-B / B-T), add a DSS (B-LT), or all at once;
// and the annotated copy: a prepared field filled later by an approval signature with a visible note.

export {
  addSignatureField,
  savePreparedPdf,
  signatureDictionaryBytes,
  DEFAULT_PLACEHOLDER_SIZE,
  DEFAULT_FIELD_NAME,
} from "./add-signature-field.js";
export type { SealRect, SignatureFieldOptions, PreparedSignatureField } from "./add-signature-field.js";
export { signPreparedPdf } from "./sign-pdf.js";
export type { ByteRange, SignPreparedPdfOptions, SignPreparedPdfResult } from "./sign-pdf.js";
export { addDss, signatureContentsValue, vriKey } from "./add-dss.js";
export type { AddDssData } from "./add-dss.js";
export { appendIncrementalUpdate } from "./incremental-update.js";
export type { UpdateObject } from "./incremental-update.js";
export { PdfRevisionReader } from "./pdf-revision-reader.js";
export type { TrailerInfo } from "./pdf-revision-reader.js";
export { sealPdf, B_B_PLACEHOLDER_SIZE } from "./seal-pdf.js";
export type { SealPdfOptions, SealPdfResult } from "./seal-pdf.js";
export { inspectTimestampToken } from "./signature-timestamp.js";
export { addPreparedSignatureField, ANNOT_FLAG } from "./prepared-field.js";
export type { PreparedFieldOptions } from "./prepared-field.js";
export { fillPreparedField } from "./fill-prepared-field.js";
export type {
  AppearanceBuilder,
  FieldAppearance,
  FillPreparedFieldOptions,
  FillPreparedFieldResult,
} from "./fill-prepared-field.js";
export { annotatePdf } from "./annotate-pdf.js";
export type { AnnotatePdfOptions, AnnotatePdfResult } from "./annotate-pdf.js";
export {
  ANNOTATION_DICT_KEY,
  ANNOTATION_FIELD_NAME,
  annotationNote,
  type AnnotationFacts,
} from "./annotation-facts.js";
export { PadesError, PadesErrorCode, PadesWarningCode } from "./errors.js";
export type { SignerIdentity, TimestampFn, SignatureAlgorithm, LtvData, PadesLevel } from "./types.js";
