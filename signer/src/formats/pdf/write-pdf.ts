// The PDF writer: a format-neutral licence description (render/page-description.ts) becomes a pdf-lib document, with
// the seal as a separate form XObject for the signature widget. The document is returned unsaved: the PAdES step
// adds the signature fields and saves. Everything PDF-specific about drawing lives here (font subsets and fallback
// runs, one font resource per page, pre-formatted operators, native deflate, the document information dictionary).
import { deflateSync } from "node:zlib";
import { PDFContentStream, PDFDict, PDFDocument, PDFHexString, PDFName, rgb } from "pdf-lib";
import type { PDFFont, PDFPage, PDFRef } from "pdf-lib";
import { embedWithFallback, loadFonts } from "../../render/fonts.js";
import type { EmbeddedFonts, FontSet } from "../../render/fonts.js";
import type { DescribedPage, LicenceDescription, Rgb, TextItem } from "../../render/page-description.js";
import type { TextPlacement } from "../../render/attachment-pages.js";
import { qrOperators } from "../../render/qr.js";
import { NEEDS_PDF_LIB_TEXT, pdfNumber, rawOperator, textLineOperator } from "../../render/raw-operators.js";
import { createSealAppearance, drawSealOnPage } from "../../render/seal.js";
import { textWidth } from "../../render/text-layout.js";

export const PRODUCER = "eLicence";

export interface RenderedLicence {
  /** Not saved: add the signature field, then save with useObjectStreams: false. */
  doc: PDFDocument;
  /** The licence page (page 1): the seal's widget goes here. */
  page: PDFPage;
  /** 1 + the attachment pages (附页) that continue values too long for their boxes. */
  pageCount: number;
  /** Where every row's value was drawn, page by page, with the box it stays in: for tests and previews. */
  placements: TextPlacement[];
  seal: {
    /** [x, y, width, height] in PDF points (origin lower-left): the signature widget's /Rect is [x, y, x + w, y + h]. */
    rect: [number, number, number, number];
    /** Form XObject with BBox [0 0 w h]: the widget's /AP /N. */
    appearance: PDFRef;
  };
  qrVersion: number;
}

interface PageContext {
  page: PDFPage;
  H: number;
  fonts: FontSet;
  regular: EmbeddedFonts;
  bold: EmbeddedFonts;
  /** The page's resource name of each font, made on first use. */
  fontKeys: Map<PDFFont, PDFName>;
}

/** Writes the description as an unsaved PDF; throws RenderError (SIG_RENDER_GLYPH_MISSING) only if a font lacks a glyph. */
export async function writePdf(description: LicenceDescription): Promise<RenderedLicence> {
  const fonts = await loadFonts();
  const doc = await PDFDocument.create({ updateMetadata: false });
  useNativeDeflate(doc);
  setMetadata(doc, description.meta);
  const [regular, bold] = await Promise.all([
    embedWithFallback(doc, fonts.regular, description.glyphs.regular),
    embedWithFallback(doc, fonts.bold, description.glyphs.bold),
  ]);
  const [first, ...rest] = description.pages;
  if (!first) throw new Error("a licence description has at least one page");
  const context = (p: DescribedPage): PageContext => ({
    page: doc.addPage([p.width, p.height]),
    H: p.height,
    fonts,
    regular,
    bold,
    fontKeys: new Map(),
  });
  const main = context(first);
  drawPage(main, first);

  // The seal's appearance is made after page 1 and before the attachment pages: the objects keep the numbers they had
  // when the renderer drew directly, so the bytes did not change with the description.
  const { spec, centerX, centerY } = description.seal;
  const appearance = createSealAppearance(doc, spec, bold.main);
  const d = spec.diameter;
  const rect: [number, number, number, number] = [centerX - d / 2, main.H - centerY - d / 2, d, d];
  if (description.seal.onPage) drawSealOnPage(main.page, appearance, rect[0], rect[1]);

  for (const p of rest) drawPage(context(p), p);

  deflateContentStreamsNatively(doc);
  return {
    doc,
    page: main.page,
    pageCount: description.pages.length,
    placements: description.placements,
    seal: { rect, appearance },
    qrVersion: description.qrVersion,
  };
}

function drawPage(ctx: PageContext, page: DescribedPage): void {
  for (const item of page.items) {
    if (item.kind === "text") drawText(ctx, item);
    else if (item.kind === "box")
      drawBox(ctx, item.x, item.top, item.width, item.height, item.strokeWidth, item.color);
    else ctx.page.pushOperators(...qrOperators(item.matrix, item.x, ctx.H - item.top - item.side, item.side));
  }
}

/** A stroked rectangle, as page.drawRectangle({ borderColor, borderWidth }) draws it. */
function drawBox(
  ctx: PageContext,
  x: number,
  top: number,
  width: number,
  height: number,
  strokeWidth: number,
  color: Rgb,
): void {
  ctx.page.pushOperators(
    rawOperator(
      `q\n${pdfNumber(color.red, 4)} ${pdfNumber(color.green, 4)} ${pdfNumber(color.blue, 4)} RG\n${pdfNumber(strokeWidth)} w\n` +
        `${pdfNumber(x)} ${pdfNumber(ctx.H - top - height)} ${pdfNumber(width)} ${pdfNumber(height)} re\nS\nQ`,
    ),
  );
}

function drawText(ctx: PageContext, line: TextItem): void {
  const fonts = line.weight === "bold" ? ctx.bold : ctx.regular;
  if (fonts.fallback === null) {
    drawRun(ctx, fonts.main, line);
    return;
  }
  // Runs of the licence font and of the fallback font, each placed after the ones before it (measured as laid out).
  const measure = line.weight === "bold" ? ctx.fonts.bold : ctx.fonts.regular;
  let x = line.x;
  for (const run of fontRuns(line.text, fonts)) {
    drawRun(ctx, run.font, { ...line, text: run.text, x });
    x += textWidth(measure, run.text, line.size);
  }
}

/** The text cut where the font drawing it changes (the licence font, or the fallback for what it lacks). */
function fontRuns(text: string, fonts: EmbeddedFonts): { font: PDFFont; text: string }[] {
  const runs: { font: PDFFont; text: string }[] = [];
  for (const ch of text) {
    const font = fonts.drawsWithMain(ch.codePointAt(0) ?? 0) ? fonts.main : (fonts.fallback ?? fonts.main);
    const last = runs.at(-1);
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}

/** Positions rounded to 1/100 pt (invisible): pdf-lib writes numbers at full precision, which bloats every stream. */
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function drawRun(ctx: PageContext, font: PDFFont, line: TextItem): void {
  const x = round2(line.x);
  const y = round2(ctx.H - line.baselineTop);
  const color = rgb(line.color.red, line.color.green, line.color.blue);
  if (NEEDS_PDF_LIB_TEXT.test(line.text)) {
    ctx.page.drawText(line.text, { x, y, size: line.size, font, color });
    return;
  }
  // One font resource per font and page (page.drawText adds a new one for every call), one operator per line.
  let key = ctx.fontKeys.get(font);
  if (!key) {
    key = ctx.page.node.newFontDictionary(font.name, font.ref);
    ctx.fontKeys.set(font, key);
  }
  ctx.page.pushOperators(textLineOperator(key, font.encodeText(line.text), line.size, x, y, color));
}

/**
 * pdf-lib compresses font files and ToUnicode maps with pako (JavaScript); node's zlib does the same job several
 * times faster, and fonts are most of a licence's bytes. Only this document's context is changed.
 */
function useNativeDeflate(doc: PDFDocument): void {
  const context = doc.context;
  context.flateStream = (contents, dict = {}) => {
    const bytes = typeof contents === "string" ? Buffer.from(contents, "latin1") : contents;
    return context.stream(deflateSync(bytes), { ...dict, Filter: "FlateDecode" });
  };
}

/**
 * Content streams (the page, the seal's form XObject) are deflated by pdf-lib with pako as well. Each one is given
 * node's zlib instead, still lazily: operators pushed after rendering are included, as with pdf-lib's own cache.
 * Level 1: on the ~20 KB page stream it is five times faster than the default and costs under 1 KB of output.
 */
function deflateContentStreamsNatively(doc: PDFDocument): void {
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFContentStream) || object.dict.get(PDFName.of("Filter")) !== FLATE) continue;
    const stream = object;
    let deflated: Uint8Array | undefined;
    stream.getContents = () =>
      (deflated ??= new Uint8Array(deflateSync(stream.getUnencodedContents(), { level: 1 })));
    stream.getContentsSize = () => stream.getContents().length;
  }
}

const FLATE = PDFName.of("FlateDecode");

function setMetadata(doc: PDFDocument, meta: LicenceDescription["meta"]): void {
  doc.setTitle(meta.title);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setAuthor(meta.author);
  doc.setCreator("eLicence signer");
  doc.setProducer(PRODUCER);
  doc.setLanguage(meta.language);
  doc.setCreationDate(meta.created);
  doc.setModificationDate(meta.created);
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of("ELicenceIdentifier"), PDFHexString.fromText(meta.identifier));
}
