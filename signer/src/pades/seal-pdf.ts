// One call from a rendered pdf-lib document to a sealed PDF: signature field, save, sign (B-B / B-T) and, on
// request, the DSS revision (B-LT). This is what the registry calls per licence.

import { createHash } from "node:crypto";
import type { PDFDocument, PDFPage, PDFRef, PDFStream } from "pdf-lib";
import { addDss, signatureContentsValue } from "./add-dss.js";
import {
  DEFAULT_PLACEHOLDER_SIZE,
  addSignatureField,
  savePreparedPdf,
  type SealRect,
} from "./add-signature-field.js";
import { PadesWarningCode } from "./errors.js";
import { addPreparedSignatureField } from "./prepared-field.js";
import { prepareSigner } from "./prepared-signer.js";
import { signPreparedPdf, type ByteRange } from "./sign-pdf.js";
import type { LtvData, PadesLevel, SignerIdentity, TimestampFn } from "./types.js";

/** B-B needs 2–4 KiB; a token and a longer chain fit well within 16 KiB. */
export const B_B_PLACEHOLDER_SIZE = 8 * 1024;

export interface SealPdfOptions {
  doc: PDFDocument;
  page: PDFPage;
  /** Visible seal: widget rect and its form XObject; omitted for an invisible signature. */
  seal?: { rect: SealRect; appearance?: PDFRef | PDFStream };
  signer: SignerIdentity;
  timestamp?: TimestampFn;
  timestampTimeoutMs?: number;
  /** Validation data to embed in a DSS revision (B-LT when the signature got its timestamp). */
  ltv?: LtvData;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** /Name; defaults to the signer certificate's CN. */
  name?: string;
  now: Date;
  /** Default: 16 KiB with a timestamp, 8 KiB without. */
  placeholderSize?: number;
  /** DocMDP permission of the certification (default 2). */
  docMdp?: 1 | 2 | 3 | null;
  /**
   * Empty, hidden signature fields on `page` for later approval signatures (the annotated copy's note), listed after
   * the seal's field so viewers number the seal first.
   */
  preparedFields?: Array<{ rect: SealRect; fieldName: string }>;
}

export interface SealPdfResult {
  bytes: Uint8Array;
  level: PadesLevel;
  /** SHA-256 (hex) of `bytes`: the document hash the registry records. */
  sha256: string;
  byteRange: ByteRange;
  cmsDer: Uint8Array;
  timestampTime?: Date;
  warnings: string[];
}

export async function sealPdf(o: SealPdfOptions): Promise<SealPdfResult> {
  const prepared = prepareSigner(o.signer);
  const name = o.name ?? prepared.commonName;
  addSignatureField(o.doc, {
    page: o.page,
    ...(o.seal ? { rect: o.seal.rect, ...(o.seal.appearance ? { appearance: o.seal.appearance } : {}) } : {}),
    now: o.now,
    ...(name !== undefined ? { name } : {}),
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
    ...(o.location !== undefined ? { location: o.location } : {}),
    ...(o.contactInfo !== undefined ? { contactInfo: o.contactInfo } : {}),
    placeholderSize: o.placeholderSize ?? (o.timestamp ? DEFAULT_PLACEHOLDER_SIZE : B_B_PLACEHOLDER_SIZE),
    ...(o.docMdp !== undefined ? { docMdp: o.docMdp } : {}),
  });
  for (const field of o.preparedFields ?? []) addPreparedSignatureField(o.doc, { page: o.page, ...field });
  const preparedPdf = await savePreparedPdf(o.doc);
  const signed = await signPreparedPdf(preparedPdf, {
    signer: o.signer,
    now: o.now,
    ...(o.timestamp ? { timestamp: o.timestamp } : {}),
    ...(o.timestampTimeoutMs !== undefined ? { timestampTimeoutMs: o.timestampTimeoutMs } : {}),
  });

  let bytes = signed.bytes;
  let level: PadesLevel = signed.level;
  const warnings = [...signed.warnings];
  if (o.ltv) {
    bytes = await addDss(bytes, { ...o.ltv, vriFor: [signatureContentsValue(bytes, signed.byteRange)] });
    if (level === "B-T") level = "B-LT";
    else
      warnings.push(
        `${PadesWarningCode.LTV_WITHOUT_TIMESTAMP}: validation data embedded, but without a signature timestamp the level stays B-B`,
      );
  }
  return {
    bytes,
    level,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    byteRange: signed.byteRange,
    cmsDer: signed.cmsDer,
    ...(signed.timestampTime ? { timestampTime: signed.timestampTime } : {}),
    warnings,
  };
}
