// Adds a certifying (DocMDP) PAdES signature field to a pdf-lib document, with a fixed-width placeholder signature
// dictionary written verbatim, and saves it in the form signPreparedPdf expects.

import { randomBytes } from "node:crypto";
import type { PDFDocument, PDFPage } from "pdf-lib";
import { PDFDict, PDFHexString, PDFInvalidObject, PDFName, PDFNumber, PDFRef, PDFString } from "pdf-lib";
import type { PDFStream } from "pdf-lib";
import { PadesError, PadesErrorCode } from "./errors.js";
import { BYTE_RANGE_PLACEHOLDER, assertPlaceholderSize, contentsPlaceholder } from "./placeholder.js";
import { dict, name, pdfDate, raw, serializeValue, text } from "./pdf-syntax.js";

/** Room for a CMS with a timestamp token (and a longer chain) without resizing; B-B alone needs about 2–4 KiB. */
export const DEFAULT_PLACEHOLDER_SIZE = 16 * 1024;
export const DEFAULT_FIELD_NAME = "eLicenceSeal";

export interface SealRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SignatureFieldOptions {
  page: PDFPage;
  /** Widget rectangle in PDF points; omitted for an invisible signature. */
  rect?: SealRect;
  /** Form XObject drawn as the widget's normal appearance (requires `rect`). */
  appearance?: PDFRef | PDFStream;
  /** Signing time written to /M. */
  now: Date;
  /** /Name: the signer's name as shown by viewers. */
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** CMS bytes the /Contents placeholder can hold (default DEFAULT_PLACEHOLDER_SIZE). */
  placeholderSize?: number;
  fieldName?: string;
  /**
   * DocMDP permission of this certification signature: 1 no changes, 2 form filling and signing (default),
   * 3 also annotations. null makes it an ordinary approval signature.
   */
  docMdp?: 1 | 2 | 3 | null;
  /** First /ID element when the document has none (16 random bytes otherwise). */
  documentId?: Uint8Array;
}

export interface PreparedSignatureField {
  fieldRef: PDFRef;
  signatureRef: PDFRef;
  placeholderSize: number;
}

function assertRect(r: SealRect): void {
  const ok = [r.x, r.y, r.width, r.height].every((n) => Number.isFinite(n)) && r.width > 0 && r.height > 0;
  if (!ok)
    throw new PadesError(
      PadesErrorCode.BAD_OPTION,
      `seal rect must have finite x, y and positive width, height; got ${JSON.stringify(r)}`,
    );
}

function uniqueFieldName(doc: PDFDocument, wanted: string): string {
  const taken = new Set<string>();
  const fields = doc.catalog.getAcroForm()?.getAllFields() ?? [];
  for (const [field] of fields) {
    const t = field.T();
    if (t instanceof PDFString || t instanceof PDFHexString) taken.add(t.decodeText());
  }
  if (!taken.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!taken.has(`${wanted}${i}`)) return `${wanted}${i}`;
}

// The /Contents placeholder (16–32 KiB of zeros) is the same for every document of a size: made once per size.
const contentsPlaceholders = new Map<number, ReturnType<typeof raw>>();

function contentsPlaceholderRaw(size: number): ReturnType<typeof raw> {
  let placeholder = contentsPlaceholders.get(size);
  if (!placeholder) {
    placeholder = raw(contentsPlaceholder(size));
    if (contentsPlaceholders.size >= 8) contentsPlaceholders.clear();
    contentsPlaceholders.set(size, placeholder);
  }
  return placeholder;
}

/** The signature dictionary as bytes, with placeholders at fixed widths so offsets survive pdf-lib's writer. */
export function signatureDictionaryBytes(
  o: Pick<SignatureFieldOptions, "now" | "name" | "reason" | "location" | "contactInfo" | "docMdp">,
  placeholderSize: number,
): Uint8Array {
  const docMdp = o.docMdp === undefined ? 2 : o.docMdp;
  const reference =
    docMdp === null
      ? undefined
      : [
          dict({
            Type: name("SigRef"),
            TransformMethod: name("DocMDP"),
            TransformParams: dict({ Type: name("TransformParams"), P: docMdp, V: name("1.2") }),
            DigestMethod: name("SHA256"),
          }),
        ];
  return serializeValue(
    dict({
      Type: name("Sig"),
      Filter: name("Adobe.PPKLite"),
      SubFilter: name("ETSI.CAdES.detached"),
      // ByteRange and Contents stay adjacent and in this order: locatePlaceholder searches for exactly this text.
      ByteRange: raw(BYTE_RANGE_PLACEHOLDER),
      Contents: contentsPlaceholderRaw(placeholderSize),
      M: text(pdfDate(o.now)),
      Name: o.name === undefined ? undefined : text(o.name),
      Reason: o.reason === undefined ? undefined : text(o.reason),
      Location: o.location === undefined ? undefined : text(o.location),
      ContactInfo: o.contactInfo === undefined ? undefined : text(o.contactInfo),
      Reference: reference,
    }),
  );
}

/**
 * Adds the signature field (merged field + widget) to `page`, registers the signature dictionary as an opaque
 * object, sets /SigFlags 3 and, for a certification signature, the catalog's /Perms /DocMDP.
 */
export function addSignatureField(doc: PDFDocument, o: SignatureFieldOptions): PreparedSignatureField {
  const placeholderSize = o.placeholderSize ?? DEFAULT_PLACEHOLDER_SIZE;
  assertPlaceholderSize(placeholderSize);
  if (o.rect) assertRect(o.rect);
  if (o.appearance && !o.rect)
    throw new PadesError(
      PadesErrorCode.BAD_OPTION,
      "an appearance needs a rect: pass seal.rect or drop the appearance for an invisible signature",
    );
  const docMdp = o.docMdp === undefined ? 2 : o.docMdp;
  const ctx = doc.context;
  const catalog = doc.catalog;
  if (docMdp !== null && catalog.lookupMaybe(PDFName.of("Perms"), PDFDict)?.has(PDFName.of("DocMDP"))) {
    throw new PadesError(
      PadesErrorCode.BAD_OPTION,
      "the document is already certified: only one DocMDP signature is allowed (use docMdp: null)",
    );
  }

  const signatureRef = ctx.register(PDFInvalidObject.of(signatureDictionaryBytes(o, placeholderSize)));

  const r = o.rect ?? { x: 0, y: 0, width: 0, height: 0 };
  const widget = ctx.obj({
    Type: "Annot",
    Subtype: "Widget",
    FT: "Sig",
    T: PDFHexString.fromText(uniqueFieldName(doc, o.fieldName ?? DEFAULT_FIELD_NAME)),
    V: signatureRef,
    Rect: [r.x, r.y, r.x + r.width, r.y + r.height],
    F: 132, // Print + Locked: printed like the rest of the licence, not movable
    P: o.page.ref,
  });
  if (o.appearance) {
    const ap = o.appearance instanceof PDFRef ? o.appearance : ctx.register(o.appearance);
    widget.set(PDFName.of("AP"), ctx.obj({ N: ap }));
  }
  const fieldRef = ctx.register(widget);
  o.page.node.addAnnot(fieldRef);

  const acroForm = catalog.getOrCreateAcroForm();
  acroForm.addField(fieldRef);
  acroForm.dict.set(PDFName.of("SigFlags"), PDFNumber.of(3));

  if (docMdp !== null) {
    const perms = catalog.lookupMaybe(PDFName.of("Perms"), PDFDict) ?? ctx.obj({});
    perms.set(PDFName.of("DocMDP"), signatureRef);
    catalog.set(PDFName.of("Perms"), perms);
  }

  if (!ctx.trailerInfo.ID) {
    const id = PDFHexString.of(Buffer.from(o.documentId ?? randomBytes(16)).toString("hex"));
    ctx.trailerInfo.ID = ctx.obj([id, id]);
  }
  return { fieldRef, signatureRef, placeholderSize };
}

/**
 * Saves with classic cross-reference tables and no object streams, so the signature dictionary stays
 * uncompressed and searchable; field appearances are left alone (no default font embedded).
 */
export async function savePreparedPdf(doc: PDFDocument): Promise<Uint8Array> {
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false, addDefaultPage: false });
}
