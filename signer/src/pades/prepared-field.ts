// An empty, hidden signature field added before certification, so that a later approval signature (the annotated
// copy's note) fills a field the certifier placed, instead of adding one: DocMDP P=2 permits signing existing fields,
// Acrobat refuses new ones, and our validator refuses new visible widgets. Its rectangle is fixed now, by the certifier.
import type { PDFDocument, PDFPage, PDFRef } from "pdf-lib";
import { PDFHexString, PDFName, PDFNumber } from "pdf-lib";
import type { SealRect } from "./add-signature-field.js";
import { PadesError, PadesErrorCode } from "./errors.js";

/** Widget annotation flags (ISO 32000-1 §12.5.3). */
export const ANNOT_FLAG = { hidden: 2, print: 4, noView: 32, locked: 128 } as const;

export interface PreparedFieldOptions {
  page: PDFPage;
  /** Where the filled field will draw, in PDF points: it must not cover licence content. */
  rect: SealRect;
  fieldName: string;
}

/**
 * Adds the unsigned field (merged field and widget) to the page and the form: hidden and printable-once-shown, locked,
 * with an empty appearance (PDF 2.0 wants one for a widget with an area). Call before the certification field is added.
 */
export function addPreparedSignatureField(doc: PDFDocument, o: PreparedFieldOptions): PDFRef {
  const { x, y, width, height } = o.rect;
  if (![x, y, width, height].every(Number.isFinite) || width <= 0 || height <= 0)
    throw new PadesError(
      PadesErrorCode.BAD_OPTION,
      `prepared field rect must have finite x, y and positive width, height; got ${JSON.stringify(o.rect)}`,
    );
  const ctx = doc.context;
  const empty = ctx.register(
    ctx.stream("", { Type: "XObject", Subtype: "Form", BBox: [0, 0, width, height], Resources: {} }),
  );
  const widget = ctx.obj({
    Type: "Annot",
    Subtype: "Widget",
    FT: "Sig",
    T: PDFHexString.fromText(o.fieldName),
    Rect: [x, y, x + width, y + height],
    F: ANNOT_FLAG.hidden | ANNOT_FLAG.print | ANNOT_FLAG.locked,
    P: o.page.ref,
  });
  widget.set(PDFName.of("AP"), ctx.obj({ N: empty }));
  const ref = ctx.register(widget);
  o.page.node.addAnnot(ref);
  const acroForm = doc.catalog.getOrCreateAcroForm();
  acroForm.addField(ref);
  acroForm.dict.set(PDFName.of("SigFlags"), PDFNumber.of(3));
  return ref;
}
