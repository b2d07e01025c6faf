// The visible note of an annotated copy: two lines (Chinese, English) in the prepared field's box, drawn with a
// harfbuzz subset of Noto Sans SC embedded whole, written as objects of an incremental update (pdf-lib cannot
// append to a signed file, so its objects are built in a scratch document and copied over with their numbers).
import { PDFDocument } from "pdf-lib";
import { embedSubset, loadFonts, type LoadedFont } from "../render/fonts.js";
import { pdfNumber } from "../render/raw-operators.js";
import { annotationNote } from "./annotation-facts.js";
import { PadesError, PadesErrorCode, PadesWarningCode } from "./errors.js";
import type { FieldAppearance } from "./fill-prepared-field.js";
import type { UpdateObject } from "./incremental-update.js";
import { PdfRef, PdfStream, dict, latin1, name } from "./pdf-syntax.js";
import { rawOf } from "./pdf-revision-reader.js";

const ZH_SIZE = 10;
const EN_SIZE = 8;
const MIN_SIZE = 4.5;
const LINE_GAP = 2;
const PAD_X = 4;
/** Top of ideographs and descent of Latin letters, in em (Noto Sans SC). */
const CAP_EM = 0.88;
const DESCENT_EM = 0.12;
const INK = { r: 0.05, g: 0.22, b: 0.5 };

export interface NoteLayout {
  zh: { text: string; size: number };
  en: { text: string; size: number };
  warnings: string[];
}

function widthOf(font: LoadedFont, s: string, size: number): number {
  let em = 0;
  for (const ch of s) em += font.advance(ch.codePointAt(0) ?? 0);
  return em * size;
}

/** Whitespace collapsed to single spaces; characters without a glyph shown as "?" (the signed text keeps them). */
function drawable(font: LoadedFont, purpose: string, warnings: string[]): string {
  let replaced = false;
  let out = "";
  for (const ch of purpose.replace(/\s+/gu, " ").trim()) {
    if (font.hasGlyph(ch.codePointAt(0) ?? 0) || ch === " ") out += ch;
    else {
      out += "?";
      replaced = true;
    }
  }
  if (replaced)
    warnings.push(
      `${PadesWarningCode.ANNOTATION_GLYPH_REPLACED}: characters of the purpose without a glyph are shown as ?`,
    );
  return out;
}

/**
 * One line at the largest size from `start` down to MIN_SIZE that fits `maxWidth`; when even MIN_SIZE is too wide,
 * the purpose is shortened with "…" (never the date).
 */
function fit(
  font: LoadedFont,
  line: (purpose: string) => string,
  purpose: string,
  start: number,
  maxWidth: number,
): { text: string; size: number; shortened: boolean } {
  const full = line(purpose);
  const natural = widthOf(font, full, start);
  if (natural <= maxWidth) return { text: full, size: start, shortened: false };
  const size = Math.floor(((start * maxWidth) / natural) * 4) / 4;
  if (size >= MIN_SIZE) return { text: full, size, shortened: false };
  const chars = [...purpose];
  for (let n = chars.length - 1; n > 0; n--) {
    const text = line(`${chars.slice(0, n).join("")}…`);
    if (widthOf(font, text, MIN_SIZE) <= maxWidth) return { text, size: MIN_SIZE, shortened: true };
  }
  return { text: line("…"), size: MIN_SIZE, shortened: true };
}

/** The two lines of the note, sized (and if need be shortened) for a box `width` points wide. */
export function layoutNote(font: LoadedFont, purpose: string, validUntil: string, width: number): NoteLayout {
  const warnings: string[] = [];
  const shown = drawable(font, purpose, warnings);
  const maxWidth = Math.max(1, width - 2 * PAD_X);
  const zh = fit(font, (p) => annotationNote(p, validUntil).zh, shown, ZH_SIZE, maxWidth);
  const en = fit(font, (p) => annotationNote(p, validUntil).en, shown, EN_SIZE, maxWidth);
  if (zh.shortened || en.shortened)
    warnings.push(
      `${PadesWarningCode.ANNOTATION_TEXT_SHORTENED}: the purpose is shortened with … in the visible note`,
    );
  return { zh: { text: zh.text, size: zh.size }, en: { text: en.text, size: en.size }, warnings };
}

/**
 * Builds the note's form XObject (BBox = the field's box) and its font, numbered from `firstObjectNumber`.
 * The objects are what pdf-lib writes for an embedded subset, copied byte for byte.
 */
export async function annotationAppearance(
  note: { purpose: string; validUntil: string },
  box: { width: number; height: number },
  firstObjectNumber: number,
): Promise<FieldAppearance> {
  const font = (await loadFonts()).regular;
  const layout = layoutNote(font, note.purpose, note.validUntil, box.width);
  // Both lines shrink together when the box is lower than the two lines need.
  const needed = layout.zh.size * (CAP_EM + DESCENT_EM) + LINE_GAP + layout.en.size * (CAP_EM + DESCENT_EM);
  const scale = Math.min(1, (box.height - 2) / needed);
  if (scale <= 0)
    throw new PadesError(
      PadesErrorCode.BAD_OPTION,
      `the prepared field is ${box.height} pt high: too low for a note`,
    );
  const zhSize = layout.zh.size * scale;
  const enSize = layout.en.size * scale;

  const scratch = await PDFDocument.create({ updateMetadata: false });
  const context = scratch.context;
  if (context.largestObjectNumber >= firstObjectNumber)
    throw new PadesError(PadesErrorCode.BAD_OPTION, "object numbers of the note would collide");
  context.largestObjectNumber = firstObjectNumber - 1;
  const pdfFont = await embedSubset(scratch, font, layout.zh.text + layout.en.text);
  const objects: UpdateObject[] = [];
  for (const [ref, obj] of context.enumerateIndirectObjects())
    if (ref.objectNumber >= firstObjectNumber)
      objects.push({ ref: new PdfRef(ref.objectNumber, ref.generationNumber), body: rawOf(obj) });
  const fontRef = new PdfRef(pdfFont.ref.objectNumber, pdfFont.ref.generationNumber);
  const xobject = new PdfRef(context.largestObjectNumber + 1);

  const { width: w, height: h } = box;
  const block = zhSize * (CAP_EM + DESCENT_EM) + LINE_GAP * scale + enSize * CAP_EM;
  const zhBaseline = (h + block) / 2 - zhSize * CAP_EM;
  const enBaseline = zhBaseline - zhSize * DESCENT_EM - LINE_GAP * scale - enSize * CAP_EM;
  const line = (s: string, size: number, baseline: number): string => {
    const x = (w - widthOf(font, s, size)) / 2;
    return (
      `BT\n/F1 ${pdfNumber(size)} Tf\n1 0 0 1 ${pdfNumber(x)} ${pdfNumber(baseline)} Tm\n` +
      `${pdfFont.encodeText(s).toString()} Tj\nET\n`
    );
  };
  const colour = `${pdfNumber(INK.r, 4)} ${pdfNumber(INK.g, 4)} ${pdfNumber(INK.b, 4)}`;
  const content =
    `q\n${colour} rg\n${colour} RG\n0.4 w\n0.5 0.5 ${pdfNumber(w - 1)} ${pdfNumber(h - 1)} re\nS\n` +
    line(layout.zh.text, zhSize, zhBaseline) +
    line(layout.en.text, enSize, enBaseline) +
    "Q\n";
  objects.push({
    ref: xobject,
    body: new PdfStream(
      dict({
        Type: name("XObject"),
        Subtype: name("Form"),
        BBox: [0, 0, w, h],
        Resources: dict({ Font: dict({ F1: fontRef }) }),
      }),
      latin1(content),
    ),
  });
  return { objects, xobject, warnings: layout.warnings };
}
