// Public surface of the PDF validation engine: validate a sealed licence PDF in this thread or in a worker pool, the
// report types, and the reason-code catalogue.
export { validatePdf, completeValidation } from "./validate-pdf.js";
export { analysePdf, type PdfAnalysis, type AnalysisTrust } from "./analyse-pdf.js";
export {
  ValidationPool,
  validatePdfInWorker,
  closeSharedValidationPool,
  type ValidationPoolOptions,
} from "./worker/validation-pool.js";
export { REASON_CODES, messageOf, type ReasonCode } from "./reason-codes.js";
export { DEFAULT_LIMITS } from "./limits.js";
export { verdictOf } from "./verdict.js";
export {
  CHECK_NAMES,
  type Answers,
  type CertificateRef,
  type Check,
  type CheckCategory,
  type CheckName,
  type CheckStatus,
  type LiveStatus,
  type LiveStatusPort,
  type Message,
  type RevocationAnswer,
  type RevocationPort,
  type TrustListLike,
  type TrustListSeal,
  type ValidationContext,
  type ValidationLimits,
  type ValidationReport,
  type Verdict,
} from "./types.js";
