// The fast mask choice makes exactly the symbol the qrcode library makes when it chooses the mask itself: same mask,
// same modules, over payloads of every size class (version information from version 7 on) and random content.
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { chooseMask, formatBitsM } from "./qr-mask.js";
import { qrMatrix, qrPlan } from "./qr.js";

/** Deterministic pseudo-random payloads: upper-case URL fragments, digits, mixed bytes, lengths 1 to 600. */
function payloads(count: number): string[] {
  let seed = 0x2545f491;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const alphabets = [
    "0123456789",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%*+-./:",
    "abcxyz-_~#?=&/海丰县证照",
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(next() ** 2 * 600);
    let text = i % 3 === 0 ? "https://ZWFW.HAIFENG.GOV.CN/v#" : "";
    while (text.length < length) {
      const alphabet = alphabets[Math.floor(next() * alphabets.length)] ?? "";
      const run = 1 + Math.floor(next() * 30);
      for (let k = 0; k < run; k++) text += alphabet[Math.floor(next() * alphabet.length)] ?? "";
    }
    out.push(text);
  }
  return out;
}

function libraryModules(code: QRCode.QRCode): number[] {
  return Array.from(code.modules.data, (v) => (v ? 1 : 0));
}

describe("chooseMask", () => {
  it("writes the format bits the library writes for level M", () => {
    const known = [0x5412, 0x5125, 0x5e7c, 0x5b4b, 0x45f9, 0x40ce, 0x4f97, 0x4aa0];
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(formatBitsM)).toEqual(known);
  });

  it("picks the library's mask and yields its modules, for 300 payloads of every size", () => {
    const versions = new Set<number>();
    const masks = new Set<number>();
    for (const text of payloads(300)) {
      const theirs = QRCode.create(text, { errorCorrectionLevel: "M" });
      const fixed = QRCode.create(text, { errorCorrectionLevel: "M", maskPattern: 0 });
      const mine = chooseMask(fixed.modules.size, fixed.modules.data, fixed.modules.reservedBit);
      expect(mine.mask, text).toBe(theirs.maskPattern);
      expect(Array.from(mine.modules), text).toEqual(libraryModules(theirs));
      versions.add(theirs.version);
      masks.add(mine.mask);
    }
    // The sample reaches past version 7 (version information) and lets every mask win somewhere.
    expect(Math.max(...versions)).toBeGreaterThanOrEqual(15);
    expect(Math.min(...versions)).toBe(1);
    expect(masks.size).toBe(8);
  });

  it("leaves qrMatrix drawing the symbol the library draws for the planned segments", () => {
    for (const text of payloads(40)) {
      const plan = qrPlan(text);
      if (!plan) continue;
      const theirs = QRCode.create(
        plan.segments.map((s): QRCode.QRCodeSegment =>
          s.mode === "byte"
            ? { mode: "byte", data: Buffer.from(s.text, "utf8") }
            : { mode: s.mode, data: s.text },
        ),
        { errorCorrectionLevel: "M", version: plan.version },
      );
      const mine = qrMatrix(text);
      const drawn: number[] = [];
      for (let row = 0; row < mine.size; row++)
        for (let col = 0; col < mine.size; col++) drawn.push(mine.isDark(row, col) ? 1 : 0);
      expect(mine.version).toBe(theirs.version);
      expect(drawn, text).toEqual(libraryModules(theirs));
    }
  });
});
