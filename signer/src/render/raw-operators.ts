// Content-stream operators written as text in one piece. pdf-lib builds an object per operator and per operand and
// formats every number at full precision; for the hundreds of text runs and QR modules of a licence, plain strings
// are several times cheaper and give the same drawing.
import { PDFOperator } from "pdf-lib";
import type { PDFHexString, PDFName, PDFOperatorNames, RGB } from "pdf-lib";

/** An operator whose "name" is already-formatted content-stream text (ASCII only); pdf-lib writes it verbatim. */
export function rawOperator(text: string): PDFOperator {
  return PDFOperator.of(text as PDFOperatorNames);
}

/** A number as content streams want it: at most `decimals` decimals, no exponent, no negative zero. */
export function pdfNumber(v: number, decimals = 3): string {
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  if (r === 0) return "0";
  const s = String(r);
  return s.includes("e") ? r.toFixed(decimals) : s;
}

/** Characters pdf-lib's drawText treats specially (line breaks, tabs): such text takes pdf-lib's own path. */
export const NEEDS_PDF_LIB_TEXT = /[\t\n\r\f\v\b\u0085\u2028\u2029]/u;

/**
 * One line of text in its own graphics state, as pdf-lib's drawText draws it (colour, font and size, text matrix,
 * show), in one operator.
 */
export function textLineOperator(
  fontKey: PDFName,
  encoded: PDFHexString,
  size: number,
  x: number,
  y: number,
  color: RGB,
): PDFOperator {
  return rawOperator(
    `q\nBT\n${pdfNumber(color.red, 4)} ${pdfNumber(color.green, 4)} ${pdfNumber(color.blue, 4)} rg\n` +
      `${fontKey.toString()} ${pdfNumber(size)} Tf\n1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm\n` +
      `${encoded.toString()} Tj\nET\nQ`,
  );
}
