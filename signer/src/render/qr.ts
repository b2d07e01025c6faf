// The licence QR code drawn as vector modules (one filled rectangle per dark run), so it stays sharp at any zoom.
import QRCode from "qrcode";
import type { PDFOperator } from "pdf-lib";
import { pdfNumber, rawOperator } from "./raw-operators.js";
import { RenderError } from "./render-errors.js";

/** Modules of light margin around the symbol, as ISO/IEC 18004 asks. */
export const QR_QUIET_ZONE_MODULES = 4;

export interface QrMatrix {
  /** QR version 1–40 (the symbol is 17 + 4 × version modules wide). */
  version: number;
  /** Modules per side, without the quiet zone. */
  size: number;
  isDark(row: number, col: number): boolean;
}

/** Encodes `text` at error-correction level M; throws SIG_RENDER_QR_TOO_LONG when it cannot fit a QR code. */
export function qrMatrix(text: string): QrMatrix {
  let code: QRCode.QRCode;
  try {
    // A run of digits long enough for numeric mode to pay is left to the library's own segmentation.
    code = QRCode.create(DIGIT_RUN.test(text) ? text : segmentsOf(text), { errorCorrectionLevel: "M" });
  } catch (err) {
    throw new RenderError(
      "SIG_RENDER_QR_TOO_LONG",
      `the QR payload (${text.length} characters) does not fit a QR code at level M: ${(err as Error).message}; shorten the payload`,
    );
  }
  const { size, data } = code.modules;
  return { version: code.version, size, isDark: (row, col) => data[row * size + col] === 1 };
}

// The QR alphanumeric set (ISO/IEC 18004 §7.4.4): 5.5 bits a character instead of 8 in byte mode.
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]$/u;
// A run of alphanumeric characters pays for its own segment header (4 + up to 13 bits, and the byte segment
// interrupted pays another) only when it is longer than this.
const MIN_ALPHANUMERIC_RUN = 12;
const DIGIT_RUN = /\d{7}/u;

/**
 * Byte and alphanumeric segments for `text`: long runs of the alphanumeric set (the base32 fragment of a signed
 * QR URL, a licence identifier) in alphanumeric mode, the rest in byte mode. The library's optimal segmentation
 * (a shortest-path search over every character) costs more than the rest of the symbol for a 360-character URL and
 * gives the same segments for these payloads (texts with 7+ digits in a row, where numeric mode may pay, are not
 * segmented here).
 */
function segmentsOf(text: string): QRCode.QRCodeSegment[] {
  const chars = [...text];
  const runs: { alnum: boolean; text: string }[] = [];
  for (let i = 0; i < chars.length;) {
    const alnum = ALPHANUMERIC.test(chars[i] ?? "");
    let j = i + 1;
    while (j < chars.length && ALPHANUMERIC.test(chars[j] ?? "") === alnum) j++;
    const run = chars.slice(i, j).join("");
    const keep = alnum && j - i >= MIN_ALPHANUMERIC_RUN;
    const last = runs[runs.length - 1];
    if (!keep && last && !last.alnum) last.text += run;
    else runs.push({ alnum: keep, text: run });
    i = j;
  }
  // Byte segments as UTF-8, as the library encodes a string given to it whole.
  return runs.map((r): QRCode.QRCodeSegment =>
    r.alnum ? { mode: "alphanumeric", data: r.text } : { mode: "byte", data: Buffer.from(r.text, "utf8") },
  );
}

/** The QR version `text` needs at level M: phones read up to about version 10 comfortably at 25–30 mm. */
export function qrVersion(text: string): number {
  return qrMatrix(text).version;
}

/**
 * Operators drawing the symbol with its quiet zone inside the square whose lower-left corner is (x, y) and whose
 * side is `side` points: a white square first (so a frame or background never touches the modules), then the modules.
 */
export function qrOperators(matrix: QrMatrix, x: number, y: number, side: number): PDFOperator[] {
  const total = matrix.size + 2 * QR_QUIET_ZONE_MODULES;
  const m = side / total;
  // The modules are drawn in module units: one `cm` maps module (col, row) to the page, with rows going down from
  // the symbol's top-left corner, so every rectangle has small integer coordinates and neighbouring runs share their
  // edges exactly. The whole symbol is one pre-formatted operator (see raw-operators.ts).
  const origin = `${pdfNumber(x + QR_QUIET_ZONE_MODULES * m, 4)} ${pdfNumber(y + side - QR_QUIET_ZONE_MODULES * m, 4)}`;
  const parts: string[] = [
    `q\n1 1 1 rg\n${pdfNumber(x)} ${pdfNumber(y)} ${pdfNumber(side)} ${pdfNumber(side)} re\nf\n0 0 0 rg`,
    `${pdfNumber(m, 6)} 0 0 ${pdfNumber(-m, 6)} ${origin} cm`,
  ];
  for (let row = 0; row < matrix.size; row++) {
    let col = 0;
    while (col < matrix.size) {
      if (!matrix.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.isDark(row, col)) col++;
      parts.push(`${start} ${row} ${col - start} 1 re`);
    }
  }
  parts.push("f\nQ");
  return [rawOperator(parts.join("\n"))];
}
