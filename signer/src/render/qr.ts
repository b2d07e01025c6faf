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
    code = QRCode.create(text, { errorCorrectionLevel: "M" });
  } catch (err) {
    throw new RenderError(
      "SIG_RENDER_QR_TOO_LONG",
      `the QR payload (${text.length} characters) does not fit a QR code at level M: ${(err as Error).message}; shorten the payload`,
    );
  }
  const { size, data } = code.modules;
  return { version: code.version, size, isDark: (row, col) => data[row * size + col] === 1 };
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
  // Module edges are rounded to 1/1000 pt once, so neighbouring runs share their edges exactly and the content
  // stream stays small; the whole symbol is one pre-formatted operator (see raw-operators.ts).
  const edgeX = (i: number) => round3(x + (i + QR_QUIET_ZONE_MODULES) * m);
  // PDF y grows upwards: row 0 is the top of the symbol.
  const edgeY = (i: number) => round3(y + side - (i + QR_QUIET_ZONE_MODULES) * m);
  const parts: string[] = [
    `q\n1 1 1 rg\n${pdfNumber(x)} ${pdfNumber(y)} ${pdfNumber(side)} ${pdfNumber(side)} re\nf\n0 0 0 rg`,
  ];
  for (let row = 0; row < matrix.size; row++) {
    const top = edgeY(row);
    const bottom = edgeY(row + 1);
    const height = pdfNumber(round3(top - bottom));
    const b = pdfNumber(bottom);
    let col = 0;
    while (col < matrix.size) {
      if (!matrix.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.isDark(row, col)) col++;
      parts.push(`${pdfNumber(edgeX(start))} ${b} ${pdfNumber(round3(edgeX(col) - edgeX(start)))} ${height} re`);
    }
  }
  parts.push("f\nQ");
  return [rawOperator(parts.join("\n"))];
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
