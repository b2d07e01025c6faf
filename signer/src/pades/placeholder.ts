// The fixed-width /ByteRange and /Contents placeholders of a prepared signature, and the targeted search that finds
// them again in saved bytes (no PDF parse: a signing pass must stay cheap).

import { PadesError, PadesErrorCode } from "./errors.js";

/** Four integers of up to 10 digits each fit in this width once filled in, padded with spaces. */
export const BYTE_RANGE_PLACEHOLDER = "[0 0000000000 0000000000 0000000000]";
const MARKER = Buffer.from(`/ByteRange ${BYTE_RANGE_PLACEHOLDER}\n/Contents <`, "latin1");

export const MIN_PLACEHOLDER_SIZE = 16;
export const MAX_PLACEHOLDER_SIZE = 4 * 1024 * 1024;

export interface PlaceholderLocation {
  /** Offset of `[` of the /ByteRange array. */
  byteRangeStart: number;
  /** Offset just past `]`. */
  byteRangeEnd: number;
  /** Offset of `<` opening the /Contents hex string. */
  contentsStart: number;
  /** Offset just past `>` closing it. */
  contentsEnd: number;
  /** How many CMS bytes fit: (contentsEnd − contentsStart − 2) / 2. */
  capacity: number;
}

export function contentsPlaceholder(size: number): string {
  return `<${"0".repeat(size * 2)}>`;
}

export function assertPlaceholderSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < MIN_PLACEHOLDER_SIZE || size > MAX_PLACEHOLDER_SIZE) {
    throw new PadesError(
      PadesErrorCode.BAD_OPTION,
      `placeholderSize must be an integer between ${MIN_PLACEHOLDER_SIZE} and ${MAX_PLACEHOLDER_SIZE} bytes, got ${size}`,
    );
  }
}

/**
 * Finds the one unfilled placeholder written by addSignatureField. More than one is refused: signing the wrong
 * one would leave a signature over a range an attacker chose.
 */
export function locatePlaceholder(bytes: Uint8Array): PlaceholderLocation {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buf.indexOf(MARKER);
  if (at < 0) {
    throw new PadesError(
      PadesErrorCode.PLACEHOLDER_NOT_FOUND,
      "no unfilled signature placeholder: prepare the document with addSignatureField and save it with savePreparedPdf",
    );
  }
  if (buf.indexOf(MARKER, at + 1) >= 0) {
    throw new PadesError(
      PadesErrorCode.PLACEHOLDER_NOT_FOUND,
      "more than one unfilled signature placeholder: sign one prepared field per revision",
    );
  }
  const byteRangeStart = at + "/ByteRange ".length;
  const byteRangeEnd = byteRangeStart + BYTE_RANGE_PLACEHOLDER.length;
  const contentsStart = at + MARKER.length - 1;
  // indexOf + memcmp against a run of "0": a byte-by-byte loop over 32 KiB of hex costs more than the signature.
  const close = buf.indexOf(0x3e, contentsStart + 1);
  const digits = close - contentsStart - 1;
  if (
    close < 0 ||
    digits % 2 !== 0 ||
    !buf.subarray(contentsStart + 1, close).equals(Buffer.alloc(digits, 0x30))
  ) {
    throw new PadesError(
      PadesErrorCode.PLACEHOLDER_NOT_FOUND,
      "the /Contents placeholder is damaged (expected an even run of 0 digits closed by >)",
    );
  }
  const contentsEnd = close + 1;
  return {
    byteRangeStart,
    byteRangeEnd,
    contentsStart,
    contentsEnd,
    capacity: (contentsEnd - contentsStart - 2) / 2,
  };
}

/** `[0 a b c]` padded with spaces before `]` to the placeholder width. */
export function formatByteRange(range: readonly [number, number, number, number]): string {
  const inner = range.join(" ");
  const width = BYTE_RANGE_PLACEHOLDER.length - 2;
  if (inner.length > width)
    throw new PadesError(PadesErrorCode.BAD_OPTION, "document too large for the /ByteRange placeholder");
  return `[${inner.padEnd(width, " ")}]`;
}
