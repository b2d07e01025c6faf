// The PDF licence format: the PDF writer (write-pdf.ts), PAdES sealing with the department's seal as the visible
// signature and an empty hidden field for the annotated copy's note, and the PDF validation engine.
import { ANNOTATION_FIELD_NAME } from "../../pades/annotation-facts.js";
import { annotatePdf } from "../../pades/annotate-pdf.js";
import { sealPdf } from "../../pades/seal-pdf.js";
import { validatePdf } from "../../validation/validate-pdf.js";
import type { DocumentFormat } from "../document-format.js";
import { annotationRect } from "./annotation-rect.js";
import { writePdf } from "./write-pdf.js";

const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

export const pdfFormat: DocumentFormat = {
  id: "pdf",
  mediaType: "application/pdf",
  fileExtension: ".pdf",
  recognises: (bytes) => PDF_HEADER.every((b, i) => bytes[i] === b),

  async seal(r) {
    const rendered = await writePdf(r.description);
    const [x, y, width, height] = rendered.seal.rect;
    const sealed = await sealPdf({
      doc: rendered.doc,
      page: rendered.page,
      seal: { rect: { x, y, width, height }, appearance: rendered.seal.appearance },
      signer: r.signer,
      ...(r.timestamp ? { timestamp: r.timestamp } : {}),
      ...(r.timestampTimeoutMs ? { timestampTimeoutMs: r.timestampTimeoutMs } : {}),
      ...(r.ltv ? { ltv: r.ltv } : {}),
      preparedFields: [{ rect: annotationRect(r.layout), fieldName: ANNOTATION_FIELD_NAME }],
      reason: r.reason,
      location: r.location,
      now: r.now,
    });
    return { bytes: sealed.bytes, sha256: sealed.sha256, level: sealed.level, warnings: sealed.warnings };
  },

  async annotate(r) {
    const a = await annotatePdf({
      pdf: r.document,
      identifier: r.identifier,
      purpose: r.purpose,
      validUntil: r.validUntil,
      signer: r.signer,
      ...(r.timestamp ? { timestamp: r.timestamp } : {}),
      ...(r.timestampTimeoutMs ? { timestampTimeoutMs: r.timestampTimeoutMs } : {}),
      location: r.location,
      now: r.now,
    });
    return { bytes: a.bytes, sha256: a.sha256, level: a.level, warnings: a.warnings, note: a.note };
  },

  validate: (bytes, context) => validatePdf(bytes, context),
};
