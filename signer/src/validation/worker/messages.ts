// Messages between the validation pool and its workers: bytes go in transferred (no copy), the phase-1 analysis
// comes back structured-cloned.
import type { PdfAnalysis } from "../analyse-pdf.js";
import type { TrustListLike, ValidationLimits } from "../types.js";

export interface AnalyseRequest {
  id: number;
  bytes: ArrayBuffer;
  rootDer: Uint8Array;
  trustList?: TrustListLike;
  /** ISO time. */
  now: string;
  limits: ValidationLimits;
}

export type AnalyseResponse =
  { id: number; ok: true; analysis: PdfAnalysis } | { id: number; ok: false; error: string };
