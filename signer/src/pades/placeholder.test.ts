// Unit tests of the placeholder search: exactly one unfilled placeholder, found without parsing the PDF.

import { describe, expect, it } from "vitest";
import {
  BYTE_RANGE_PLACEHOLDER,
  contentsPlaceholder,
  formatByteRange,
  locatePlaceholder,
} from "./placeholder.js";

const sigDict = (size: number) =>
  `<</Type /Sig\n/ByteRange ${BYTE_RANGE_PLACEHOLDER}\n/Contents ${contentsPlaceholder(size)}\n/M (D:20250101000000Z)\n>>`;
const bytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

describe("placeholder", () => {
  it("finds the ByteRange and the hex string around /Contents", () => {
    const pdf = `%PDF-1.7\n8 0 obj\n${sigDict(32)}\nendobj\n`;
    const loc = locatePlaceholder(bytes(pdf));
    expect(pdf.slice(loc.byteRangeStart, loc.byteRangeEnd)).toBe(BYTE_RANGE_PLACEHOLDER);
    expect(pdf[loc.contentsStart]).toBe("<");
    expect(pdf[loc.contentsEnd - 1]).toBe(">");
    expect(loc.capacity).toBe(32);
  });

  it("refuses no placeholder, two placeholders, and a damaged one", () => {
    expect(() => locatePlaceholder(bytes("%PDF-1.7\n"))).toThrow(/SIG_PLACEHOLDER_NOT_FOUND/);
    expect(() => locatePlaceholder(bytes(sigDict(16) + sigDict(16)))).toThrow(/more than one/);
    expect(() => locatePlaceholder(bytes(sigDict(16).replace("0>", "1>")))).toThrow(/damaged/);
  });

  it("pads the final ByteRange to the placeholder width", () => {
    const s = formatByteRange([0, 1335, 34105, 953]);
    expect(s).toHaveLength(BYTE_RANGE_PLACEHOLDER.length);
    expect(s).toMatch(/^\[0 1335 34105 953 +\]$/);
    expect(formatByteRange([0, 9_999_999_999, 9_999_999_999, 9_999_999_999])).toHaveLength(
      BYTE_RANGE_PLACEHOLDER.length,
    );
    expect(() => formatByteRange([0, 10_000_000_000, 10_000_000_000, 10_000_000_000])).toThrow(/too large/);
  });
});
