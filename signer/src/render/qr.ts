// The licence QR code drawn as vector modules (one filled rectangle per dark run), so it stays sharp at any zoom.
// Text is split into numeric, alphanumeric and byte segments to use the fewest bits, hence the smallest version.
import QRCode from "qrcode";
import type { PDFOperator } from "pdf-lib";
import { chooseMask } from "./qr-mask.js";
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
    const plan = qrPlan(text);
    if (!plan) throw new Error("it needs more than version 40 holds");
    code = QRCode.create(
      plan.segments.map((s): QRCode.QRCodeSegment =>
        s.mode === "byte"
          ? { mode: "byte", data: Buffer.from(s.text, "utf8") }
          : { mode: s.mode, data: s.text },
      ),
      // Mask 0 here, then the library's own choice of mask made on flat arrays (qr-mask.ts): the same symbol, faster.
      { errorCorrectionLevel: "M", version: plan.version, maskPattern: 0 },
    );
  } catch (err) {
    throw new RenderError(
      "SIG_RENDER_QR_TOO_LONG",
      `the QR payload (${text.length} characters) does not fit a QR code at level M: ${(err as Error).message}; shorten the payload`,
    );
  }
  const { size } = code.modules;
  const { modules } = chooseMask(size, code.modules.data, code.modules.reservedBit);
  return { version: code.version, size, isDark: (row, col) => modules[row * size + col] === 1 };
}

type SegmentMode = "numeric" | "alphanumeric" | "byte";
const MODES: readonly SegmentMode[] = ["numeric", "alphanumeric", "byte"];

export interface QrSegment {
  mode: SegmentMode;
  text: string;
}

export interface QrPlan {
  version: number;
  segments: QrSegment[];
  /** Data bits the segments take, mode indicators and character counts included. */
  bits: number;
  /** Data bits the version holds at level M. */
  capacityBits: number;
}

/** Data codewords of versions 1–40 at level M (ISO/IEC 18004 Table 7; qr.test.ts checks them against qrcode's). */
export const DATA_CODEWORDS_M: readonly number[] = [
  16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563, 627, 669, 714, 782,
  860, 914, 1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914, 1992, 2102, 2216, 2334,
];

type SizeClass = 0 | 1 | 2;
// Versions 1–9, 10–26 and 27–40 and their character count indicator bits (ISO/IEC 18004 Table 3).
const CLASS_VERSIONS: readonly (readonly [number, number])[] = [
  [1, 9],
  [10, 26],
  [27, 40],
];
const COUNT_BITS: Record<SegmentMode, readonly [number, number, number]> = {
  numeric: [10, 12, 14],
  alphanumeric: [9, 11, 13],
  byte: [8, 16, 16],
};
// The QR alphanumeric set (ISO/IEC 18004 §7.4.4): 5.5 bits a character instead of 8 in byte mode.
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]$/u;
const DIGIT = /^[0-9]$/u;
const encoder = new TextEncoder();

const fits = (mode: SegmentMode, ch: string): boolean =>
  mode === "byte" || (mode === "numeric" ? DIGIT.test(ch) : ALPHANUMERIC.test(ch));

/** UTF-8 bytes of one code point (a lone surrogate is encoded as U+FFFD, also three bytes), without encoding it. */
function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

function segmentBits(mode: SegmentMode, text: string, sizeClass: SizeClass): number {
  const head = 4 + COUNT_BITS[mode][sizeClass];
  const n = text.length;
  if (mode === "byte") return head + 8 * encoder.encode(text).length;
  if (mode === "alphanumeric") return head + 11 * Math.floor(n / 2) + 6 * (n % 2);
  return head + 10 * Math.floor(n / 3) + (n % 3 === 0 ? 0 : n % 3 === 1 ? 4 : 7);
}

/**
 * The fewest-bit segmentation of `chars` for one size class: a shortest path over (character, mode) with costs in
 * sixths of a bit (numeric 10 bits per 3 digits, alphanumeric 11 per 2, byte 8 per UTF-8 byte) and a segment header
 * at each change of mode. Linear in the text, unlike the qrcode library's search over every run (slower than the rest
 * of the symbol for a 300-character URL). Partial digit groups count at their average, so it can miss the optimum by
 * a bit or two.
 */
function optimalSegments(chars: readonly string[], sizeClass: SizeClass): QrSegment[] {
  const head = MODES.map((m) => (4 + COUNT_BITS[m][sizeClass]) * 6);
  const unit = (m: SegmentMode, ch: string): number =>
    m === "numeric" ? 20 : m === "alphanumeric" ? 33 : 48 * utf8Length(ch);
  let cost: number[] = [];
  const from: number[][] = [];
  chars.forEach((ch, i) => {
    const next: number[] = [];
    const back: number[] = [];
    const fitting = MODES.map((m) => fits(m, ch));
    MODES.forEach((m, j) => {
      let best = Infinity;
      let via = -1;
      if (fitting[j])
        for (let k = 0; k < MODES.length; k++) {
          const c =
            i === 0
              ? k === j
                ? (head[j] ?? 0)
                : Infinity
              : (cost[k] ?? Infinity) + (k === j ? 0 : (head[j] ?? 0));
          if (c < best) [best, via] = [c, k];
        }
      next.push(best + (fitting[j] ? unit(m, ch) : 0));
      back.push(via);
    });
    from.push(back);
    cost = next;
  });
  const modes: SegmentMode[] = [];
  let j = cost.indexOf(Math.min(...cost));
  for (let i = chars.length - 1; i >= 0; i--) {
    modes[i] = MODES[j] ?? "byte";
    j = from[i]?.[j] ?? -1;
  }
  const segments: QrSegment[] = [];
  chars.forEach((ch, i) => {
    const last = segments[segments.length - 1];
    const mode = modes[i] ?? "byte";
    if (last?.mode === mode) last.text += ch;
    else segments.push({ mode, text: ch });
  });
  return segments;
}

/**
 * The smallest QR version `text` fits at level M, with the segments that get it there (for a signed QR URL: "https"
 * in byte mode, the upper-case host in alphanumeric, "/v#" in byte, the fragment in alphanumeric); null beyond 40.
 */
export function qrPlan(text: string): QrPlan | null {
  const chars = [...text];
  for (const sizeClass of [0, 1, 2] as const) {
    const segments: QrSegment[] =
      chars.length === 0 ? [{ mode: "byte", text: "" }] : optimalSegments(chars, sizeClass);
    const bits = segments.reduce((sum, s) => sum + segmentBits(s.mode, s.text, sizeClass), 0);
    const [first, last] = CLASS_VERSIONS[sizeClass] ?? [1, 0];
    for (let version = first; version <= last; version++) {
      const capacityBits = (DATA_CODEWORDS_M[version - 1] ?? 0) * 8;
      if (bits <= capacityBits) return { version, segments, bits, capacityBits };
    }
  }
  return null;
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
