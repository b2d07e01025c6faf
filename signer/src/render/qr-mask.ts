// Chooses a QR symbol's data mask as the qrcode library does (ISO/IEC 18004 §7.8.3 penalties N1–N4 as that library
// scores them, first lowest wins), on flat arrays: the library walks its matrix through method calls for each of the
// eight masks, which was most of the cost of a licence's QR code. qr.test.ts checks the choice against the library's.

/** The modules of the symbol with the chosen mask applied and its format information written; 1 is dark. */
export interface MaskedModules {
  mask: number;
  modules: Uint8Array;
}

const MASKS: readonly ((row: number, col: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/** The 15 format bits for error correction level M (indicator 00) and `mask`: BCH(15,5), then the fixed XOR mask. */
export function formatBitsM(mask: number): number {
  const data = mask; // level M's two indicator bits are 00
  let d = data << 10;
  for (let shift = 4; shift >= 0; shift--) if (d & (1 << (shift + 10))) d ^= 0x537 << shift;
  return ((data << 10) | d) ^ 0x5412;
}

/** Where the library writes format bit i: [row, col] of the vertical and of the horizontal copy. */
function formatPositions(size: number): [number, number][][] {
  const out: [number, number][][] = [];
  for (let i = 0; i < 15; i++) {
    const vertical: [number, number] = i < 6 ? [i, 8] : i < 8 ? [i + 1, 8] : [size - 15 + i, 8];
    const horizontal: [number, number] = i < 8 ? [8, size - i - 1] : i < 9 ? [8, 15 - i] : [8, 14 - i];
    out.push([vertical, horizontal]);
  }
  return out;
}

// Per symbol size (the reserved areas depend on the version alone): for each mask, 1 where it flips a data module.
const flipsBySize = new Map<number, Uint8Array[]>();

function flipsFor(size: number, reserved: Uint8Array): Uint8Array[] {
  let flips = flipsBySize.get(size);
  if (!flips) {
    flips = MASKS.map((pattern) => {
      const out = new Uint8Array(size * size);
      for (let row = 0; row < size; row++)
        for (let col = 0; col < size; col++)
          if (!reserved[row * size + col] && pattern(row, col)) out[row * size + col] = 1;
      return out;
    });
    flipsBySize.set(size, flips);
  }
  return flips;
}

/**
 * `modules` and `reserved` as QRCode.create leaves them with maskPattern 0 (function patterns and format/version
 * areas reserved); returns the symbol the library would have made choosing the mask itself.
 */
export function chooseMask(size: number, modules: Uint8Array, reserved: Uint8Array): MaskedModules {
  const n = size * size;
  const flips = flipsFor(size, reserved);
  const flip0 = flips[0] as Uint8Array;
  const unmasked = new Uint8Array(n);
  for (let k = 0; k < n; k++) unmasked[k] = (modules[k] as number) ^ (flip0[k] as number);
  const format = formatPositions(size);
  let best: MaskedModules | undefined;
  let lowest = Infinity;
  for (let mask = 0; mask < MASKS.length; mask++) {
    const flip = flips[mask] as Uint8Array;
    const candidate = new Uint8Array(n);
    for (let k = 0; k < n; k++) candidate[k] = (unmasked[k] as number) ^ (flip[k] as number);
    const bits = formatBitsM(mask);
    format.forEach((places, i) => {
      const bit = (bits >> i) & 1;
      for (const [row, col] of places) candidate[row * size + col] = bit;
    });
    candidate[(size - 8) * size + 8] = 1;
    const score = penalty(candidate, size);
    if (score < lowest) {
      lowest = score;
      best = { mask, modules: candidate };
    }
  }
  return best as MaskedModules;
}

/** N1 + N2 + N3 + N4, computed as qrcode's mask-pattern.js computes them. */
export function penalty(m: Uint8Array, size: number): number {
  let n1 = 0;
  let n2 = 0;
  let n3 = 0;
  let dark = 0;
  for (let a = 0; a < size; a++) {
    let runRow = 0;
    let runCol = 0;
    let lastRow = -1;
    let lastCol = -1;
    let bitsRow = 0;
    let bitsCol = 0;
    const base = a * size;
    for (let b = 0; b < size; b++) {
      const inRow = m[base + b] as number;
      const inCol = m[b * size + a] as number;
      dark += inRow;
      if (inRow === lastRow) runRow++;
      else {
        if (runRow >= 5) n1 += runRow - 2;
        lastRow = inRow;
        runRow = 1;
      }
      if (inCol === lastCol) runCol++;
      else {
        if (runCol >= 5) n1 += runCol - 2;
        lastCol = inCol;
        runCol = 1;
      }
      bitsRow = ((bitsRow << 1) & 0x7ff) | inRow;
      bitsCol = ((bitsCol << 1) & 0x7ff) | inCol;
      if (b >= 10) {
        if (bitsRow === 0x5d0 || bitsRow === 0x05d) n3++;
        if (bitsCol === 0x5d0 || bitsCol === 0x05d) n3++;
      }
      if (a < size - 1 && b < size - 1) {
        const sum =
          inRow +
          (m[base + b + 1] as number) +
          (m[base + size + b] as number) +
          (m[base + size + b + 1] as number);
        if (sum === 4 || sum === 0) n2++;
      }
    }
    // A run of r >= 5 scores N1 = 3 plus r - 5.
    if (runRow >= 5) n1 += runRow - 2;
    if (runCol >= 5) n1 += runCol - 2;
  }
  const k4 = Math.abs(Math.ceil((dark * 100) / m.length / 5) - 10);
  return n1 + 3 * n2 + 40 * n3 + 10 * k4;
}
