// The issuing department's round red seal as a vector form XObject: the signature widget's visible appearance (/AP /N),
// and optionally drawn on the page for previews. The seal is a picture: validity comes from the signature alone.
import { deflateSync } from "node:zlib";
import {
  appendBezierCurve,
  beginText,
  closePath,
  concatTransformationMatrix,
  drawObject,
  endText,
  fill,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  setFillingRgbColor,
  setFontAndSize,
  setGraphicsState,
  setLineWidth,
  setStrokingRgbColor,
  setTextMatrix,
  showText,
  stroke,
} from "pdf-lib";
import type { PDFDocument, PDFFont, PDFName, PDFOperator, PDFPage, PDFRef } from "pdf-lib";
import { residentSubsetKey } from "./subset-embedding.js";

/** Seal red, close to the #E60012 of printed official seals. */
export const SEAL_RED: readonly [number, number, number] = [0xe6 / 255, 0x00 / 255, 0x12 / 255];
export const DEFAULT_SEAL_CAPTION = "电子印章";

export interface SealSpec {
  /** Department name along the upper arc (up to about 24 characters fit; the glyphs narrow and shrink as needed). */
  departmentName: string;
  /** Line under the star; default 电子印章. An empty string draws none. */
  caption?: string;
  /** Seal code along the lower arc (e.g. the 13-digit 印章编码); omitted when absent. */
  code?: string;
  /** Diameter in points. */
  diameter: number;
  color?: readonly [number, number, number];
}

export interface SealGlyph {
  char: string;
  /** Glyph centre, in the seal's own coordinates (origin lower-left of its square). */
  cx: number;
  cy: number;
  /** Rotation of the glyph in degrees (counter-clockwise). */
  rotation: number;
  size: number;
  /** Horizontal scale (1 = the font's own proportions). */
  hScale: number;
}

/** Every character the seal draws: the seal font's subset must contain them. */
export function sealText(spec: SealSpec): string {
  return spec.departmentName + (spec.caption ?? DEFAULT_SEAL_CAPTION) + (spec.code ?? "");
}

type Advance = (ch: string) => number;

const MAX_ARC_DEG = 250;
const MIN_H_SCALE = 0.6;
// Ideographs sit from about -0.08 to 0.84 em: their visual centre is 0.38 em above the baseline.
const GLYPH_MIDLINE_EM = 0.38;

/**
 * Places the seal's glyphs. `advance` gives a character's advance in em. Pure geometry, exported for tests:
 * every glyph of a long name must stay inside the ring and glyphs must not overlap.
 */
export function layoutSealGlyphs(spec: SealSpec, advance: Advance): SealGlyph[] {
  const d = spec.diameter;
  const R = d / 2;
  const innerEdge = R - ringWidth(d);
  const glyphs: SealGlyph[] = [];

  const name = [...spec.departmentName.trim()];
  if (name.length > 0) {
    const widestEm = Math.max(...name.map(advance), 0.5);
    let size = d * 0.13;
    let hScale = 0.88;
    const minSize = d * 0.06;
    let radius = 0;
    let pitchDeg = 0;
    // Narrow the glyphs first (seal lettering is tall and narrow), then shrink them, until the name fits the arc.
    for (;;) {
      radius = innerEdge - d * 0.028 - size / 2;
      pitchDeg = (((widestEm * size * hScale * 1.1) / radius) * 180) / Math.PI;
      if (name.length * pitchDeg <= MAX_ARC_DEG) break;
      if (hScale > MIN_H_SCALE) hScale = Math.max(MIN_H_SCALE, hScale - 0.04);
      else if (size > minSize) size = Math.max(minSize, size * 0.95);
      else break;
    }
    // Short names are spread out as on a printed seal; long ones close up to their natural pitch.
    const span = Math.min(MAX_ARC_DEG, Math.max(name.length * pitchDeg, 100 + 20 * name.length));
    const step = span / name.length;
    name.forEach((char, i) => {
      const theta = 90 + span / 2 - step * (i + 0.5);
      const t = (theta * Math.PI) / 180;
      glyphs.push({
        char,
        cx: R + radius * Math.cos(t),
        cy: R + radius * Math.sin(t),
        rotation: theta - 90,
        size,
        hScale,
      });
    });
  }

  const caption = [...(spec.caption ?? DEFAULT_SEAL_CAPTION)];
  if (caption.length > 0) {
    let size = d * 0.085;
    const totalEm = caption.reduce((a, c) => a + advance(c), 0);
    size = Math.min(size, (d * 0.46) / Math.max(totalEm, 0.01));
    let x = R - (totalEm * size) / 2;
    for (const char of caption) {
      const w = advance(char) * size;
      glyphs.push({ char, cx: x + w / 2, cy: R - d * 0.25, rotation: 0, size, hScale: 1 });
      x += w;
    }
  }

  const code = [...(spec.code ?? "")];
  if (code.length > 0) {
    const size = d * 0.055;
    const radius = innerEdge - d * 0.022 - size / 2;
    const totalEm = code.reduce((a, c) => a + advance(c), 0);
    // Arc length equals the code's natural width plus a little tracking, capped to the lower 140°.
    const spanDeg = Math.min(140, (((totalEm * size * 1.15) / radius) * 180) / Math.PI);
    let acc = 0;
    for (const char of code) {
      const w = advance(char) / totalEm;
      const theta = 270 - spanDeg / 2 + spanDeg * (acc + w / 2);
      acc += w;
      const t = (theta * Math.PI) / 180;
      // Along the lower arc the glyphs read left to right with their tops towards the centre.
      glyphs.push({
        char,
        cx: R + radius * Math.cos(t),
        cy: R + radius * Math.sin(t),
        rotation: theta - 270,
        size,
        hScale: 1,
      });
    }
  }
  return glyphs;
}

function ringWidth(d: number): number {
  return d * 0.03;
}

/** Drawing operators for the seal inside the square [0, 0, d, d]; `fontKey` and `gsKey` name resources. */
export function sealOperators(
  spec: SealSpec,
  font: PDFFont,
  fontKey: string,
  gsKey: string | undefined,
): PDFOperator[] {
  const d = spec.diameter;
  const R = d / 2;
  const [r, g, b] = spec.color ?? SEAL_RED;
  const advance: Advance = (ch) => font.widthOfTextAtSize(ch, 1);
  const ops: PDFOperator[] = [pushGraphicsState()];
  if (gsKey) ops.push(setGraphicsState(gsKey));
  ops.push(setFillingRgbColor(r, g, b), setStrokingRgbColor(r, g, b));

  const rw = ringWidth(d);
  ops.push(setLineWidth(rw), ...circlePath(R, R, R - rw / 2), stroke());
  ops.push(...starPath(R, R, d * 0.165), fill());

  ops.push(beginText());
  let currentSize = -1;
  for (const glyph of layoutSealGlyphs(spec, advance)) {
    if (glyph.size !== currentSize) {
      ops.push(setFontAndSize(fontKey, glyph.size));
      currentSize = glyph.size;
    }
    const w = advance(glyph.char) * glyph.size * glyph.hScale;
    const phi = (glyph.rotation * Math.PI) / 180;
    const cos = Math.cos(phi);
    const sin = Math.sin(phi);
    // Text origin = centre moved back by half the width and down to the baseline, in the glyph's rotated frame.
    const lx = -w / 2;
    const ly = -GLYPH_MIDLINE_EM * glyph.size;
    const ox = glyph.cx + lx * cos - ly * sin;
    const oy = glyph.cy + lx * sin + ly * cos;
    ops.push(
      setTextMatrix(glyph.hScale * cos, glyph.hScale * sin, -sin, cos, ox, oy),
      showText(font.encodeText(glyph.char)),
    );
  }
  ops.push(endText(), popGraphicsState());
  return ops;
}

const SEAL_CONTENT_CACHE_ENTRIES = 64;
// Deflated seal content per font subset and seal spec: the seal of a department looks the same on every licence.
const sealContents = new WeakMap<object, Map<string, Uint8Array>>();

function sealContent(spec: SealSpec, font: PDFFont): Uint8Array {
  const draw = () => {
    const ops = sealOperators(spec, font, "SealFont", "SealGS");
    return new Uint8Array(deflateSync(Buffer.from(ops.map((op) => `${op.toString()}\n`).join(""), "latin1")));
  };
  const subset = residentSubsetKey(font);
  if (!subset) return draw();
  let bySpec = sealContents.get(subset);
  if (!bySpec) sealContents.set(subset, (bySpec = new Map()));
  const key = JSON.stringify([spec.departmentName, spec.caption, spec.code, spec.diameter, spec.color]);
  let content = bySpec.get(key);
  if (!content) {
    content = draw();
    if (bySpec.size >= SEAL_CONTENT_CACHE_ENTRIES) bySpec.clear();
    bySpec.set(key, content);
  }
  return content;
}

/**
 * Registers the seal as a form XObject with BBox [0 0 d d] and returns its reference: usable as a signature
 * widget's /AP /N (the widget's /Rect maps the box) or drawn on a page with drawSealOnPage.
 * `font` must contain every character of sealText(spec).
 */
export function createSealAppearance(doc: PDFDocument, spec: SealSpec, font: PDFFont): PDFRef {
  const context = doc.context;
  // Multiply, as ink does: text printed under the seal stays readable through it.
  const gsRef = context.register(context.obj({ Type: "ExtGState", BM: "Multiply" }));
  const d = spec.diameter;
  const stream = context.stream(sealContent(spec, font), {
    Type: "XObject",
    Subtype: "Form",
    BBox: [0, 0, d, d],
    Matrix: [1, 0, 0, 1, 0, 0],
    Resources: { Font: { SealFont: font.ref }, ExtGState: { SealGS: gsRef } },
    Filter: "FlateDecode",
  });
  return context.register(stream);
}

/** Draws a seal appearance onto the page content with its lower-left corner at (x, y): for previews only. */
export function drawSealOnPage(page: PDFPage, appearance: PDFRef, x: number, y: number): void {
  const name: PDFName = page.node.newXObject("Seal", appearance);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(1, 0, 0, 1, x, y),
    drawObject(name),
    popGraphicsState(),
  );
}

function circlePath(cx: number, cy: number, r: number): PDFOperator[] {
  // Four cubic Béziers; 0.5523 is the usual kappa for a quarter circle.
  const k = 0.5522847498 * r;
  return [
    moveTo(cx + r, cy),
    appendBezierCurve(cx + r, cy + k, cx + k, cy + r, cx, cy + r),
    appendBezierCurve(cx - k, cy + r, cx - r, cy + k, cx - r, cy),
    appendBezierCurve(cx - r, cy - k, cx - k, cy - r, cx, cy - r),
    appendBezierCurve(cx + k, cy - r, cx + r, cy - k, cx + r, cy),
    closePath(),
  ];
}

function starPath(cx: number, cy: number, outer: number): PDFOperator[] {
  // Regular five-pointed star: inner radius = outer × sin 18° / sin 54°.
  const inner = outer * 0.381966;
  const ops: PDFOperator[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const t = ((90 + i * 36) * Math.PI) / 180;
    const x = cx + r * Math.cos(t);
    const y = cy + r * Math.sin(t);
    ops.push(i === 0 ? moveTo(x, y) : lineTo(x, y));
  }
  ops.push(closePath());
  return ops;
}
