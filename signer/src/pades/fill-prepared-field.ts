// Signs a prepared (empty) signature field of an already signed PDF in an incremental update: a new signature
// dictionary, the field given its /V, a visible appearance and its Hidden flag cleared, nothing else touched. Every
// earlier byte stays as it was, so the certification signature stays valid and DocMDP P=2 is respected.
import { PDFArray, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString } from "pdf-lib";
import type { PDFDict, PDFObject } from "pdf-lib";
import { PadesError, PadesErrorCode } from "./errors.js";
import { appendIncrementalUpdate, type UpdateObject } from "./incremental-update.js";
import { PdfDict, PdfRef, dict, name, pdfDate, raw, text, type PdfValue } from "./pdf-syntax.js";
import { PdfRevisionReader, rawOf } from "./pdf-revision-reader.js";
import { BYTE_RANGE_PLACEHOLDER, assertPlaceholderSize, contentsPlaceholder } from "./placeholder.js";
import { ANNOT_FLAG } from "./prepared-field.js";
import { signPreparedPdf, type SignPreparedPdfResult } from "./sign-pdf.js";
import type { SignerIdentity, TimestampFn } from "./types.js";

/** What the appearance builder returns: its objects (numbered from `firstObjectNumber` on) and the form XObject. */
export interface FieldAppearance {
  objects: UpdateObject[];
  xobject: PdfRef;
  warnings: string[];
}

export type AppearanceBuilder = (
  box: { width: number; height: number },
  firstObjectNumber: number,
) => Promise<FieldAppearance>;

export interface FillPreparedFieldOptions {
  fieldName: string;
  signer: SignerIdentity;
  appearance: AppearanceBuilder;
  now: Date;
  /** /Name, /Reason, /Location, /ContactInfo of the signature dictionary. */
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** More entries of the signature dictionary (covered by the signature, like every entry but /Contents). */
  extra?: Record<string, PdfValue>;
  placeholderSize: number;
  timestamp?: TimestampFn;
  timestampTimeoutMs?: number;
}

export interface FillPreparedFieldResult extends SignPreparedPdfResult {
  /** The field's /Rect as written at preparation: [x1, y1, x2, y2]. */
  rect: [number, number, number, number];
}

const FILL_KEYS = new Set(["V", "AP", "F"]);

function fieldName(v: PDFObject | undefined): string | undefined {
  return v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined;
}

async function findField(
  reader: PdfRevisionReader,
  wanted: string,
): Promise<{ ref: PDFRef; field: PDFDict } | undefined> {
  const catalog = await reader.resolveDict(await reader.lookup(reader.trailer.root));
  const form = await reader.resolveDict(catalog?.get(PDFName.of("AcroForm")));
  const list = form?.get(PDFName.of("Fields"));
  const fields = list instanceof PDFRef ? await reader.lookup(list) : list;
  if (!(fields instanceof PDFArray)) return undefined;
  for (const item of fields.asArray()) {
    if (!(item instanceof PDFRef)) continue;
    const field = await reader.resolveDict(item);
    if (field && fieldName(field.get(PDFName.of("T"))) === wanted) return { ref: item, field };
  }
  return undefined;
}

function rectOf(field: PDFDict): [number, number, number, number] | undefined {
  const r = field.get(PDFName.of("Rect"));
  if (!(r instanceof PDFArray) || r.size() !== 4) return undefined;
  const n = r.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : Number.NaN));
  if (!n.every(Number.isFinite)) return undefined;
  const [x1, y1, x2, y2] = n as [number, number, number, number];
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

/**
 * Fills the prepared field `fieldName` of `pdf` with a PAdES signature (B-B, or B-T when `timestamp` answers) whose
 * widget shows the appearance built by `appearance`. Throws SIG_PREPARED_FIELD_MISSING when there is no such
 * unsigned signature field, SIG_PREPARED_FIELD_SIGNED when it is already signed.
 */
export async function fillPreparedField(
  pdf: Uint8Array,
  o: FillPreparedFieldOptions,
): Promise<FillPreparedFieldResult> {
  assertPlaceholderSize(o.placeholderSize);
  const reader = PdfRevisionReader.open(pdf);
  const found = await findField(reader, o.fieldName);
  const ft = found?.field.get(PDFName.of("FT"));
  if (!found || ft !== PDFName.of("Sig"))
    throw new PadesError(
      PadesErrorCode.PREPARED_FIELD_MISSING,
      `the PDF has no prepared signature field "${o.fieldName}": it was sealed before annotated copies existed`,
    );
  if (found.field.has(PDFName.of("V")))
    throw new PadesError(
      PadesErrorCode.PREPARED_FIELD_SIGNED,
      `the signature field "${o.fieldName}" is already signed`,
    );
  const rect = rectOf(found.field);
  if (!rect || rect[2] - rect[0] <= 0 || rect[3] - rect[1] <= 0)
    throw new PadesError(
      PadesErrorCode.PREPARED_FIELD_MISSING,
      `the signature field "${o.fieldName}" has no area to draw in`,
    );

  const sigRef = new PdfRef(reader.trailer.size);
  const appearance = await o.appearance(
    { width: rect[2] - rect[0], height: rect[3] - rect[1] },
    reader.trailer.size + 1,
  );

  const signature = dict({
    Type: name("Sig"),
    Filter: name("Adobe.PPKLite"),
    SubFilter: name("ETSI.CAdES.detached"),
    // Adjacent and in this order: locatePlaceholder finds exactly this text.
    ByteRange: raw(BYTE_RANGE_PLACEHOLDER),
    Contents: raw(contentsPlaceholder(o.placeholderSize)),
    M: text(pdfDate(o.now)),
    Name: o.name === undefined ? undefined : text(o.name),
    Reason: o.reason === undefined ? undefined : text(o.reason),
    Location: o.location === undefined ? undefined : text(o.location),
    ContactInfo: o.contactInfo === undefined ? undefined : text(o.contactInfo),
    ...o.extra,
  });

  // The field keeps every entry verbatim but its value, appearance and flags; only Hidden and NoView are cleared.
  const field = new PdfDict();
  for (const [k, v] of found.field.entries())
    if (!FILL_KEYS.has(k.decodeText())) field.entries.set(k.decodeText(), rawOf(v));
  const flags = found.field.get(PDFName.of("F"));
  const f = flags instanceof PDFNumber ? flags.asNumber() : ANNOT_FLAG.print;
  field.entries.set("F", f & ~(ANNOT_FLAG.hidden | ANNOT_FLAG.noView));
  field.entries.set("AP", dict({ N: appearance.xobject }));
  field.entries.set("V", sigRef);

  const prepared = appendIncrementalUpdate(pdf, reader.trailer, [
    { ref: sigRef, body: signature },
    ...appearance.objects,
    { ref: new PdfRef(found.ref.objectNumber, found.ref.generationNumber), body: field },
  ]);
  const signed = await signPreparedPdf(prepared, {
    signer: o.signer,
    now: o.now,
    ...(o.timestamp ? { timestamp: o.timestamp } : {}),
    ...(o.timestampTimeoutMs !== undefined ? { timestampTimeoutMs: o.timestampTimeoutMs } : {}),
  });
  return { ...signed, warnings: [...appearance.warnings, ...signed.warnings], rect };
}
