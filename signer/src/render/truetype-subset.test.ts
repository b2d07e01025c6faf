// The JavaScript subsetter against harfbuzz (subset-font, the engine it replaces on the hot path): for licence text
// both give the same glyph ids, outlines, advances and cmap; the font file is well formed; it declines what it cannot cut.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { describe, expect, it } from "vitest";
import { fontFilePath } from "./fonts.js";
import { trueTypeSubsetter } from "./truetype-subset.js";

type SubsetFont = (
  font: Buffer,
  text: string,
  options: { targetFormat: "sfnt"; dropTables: string[]; noLayoutClosure: boolean },
) => Promise<Buffer>;
const subsetFont = createRequire(import.meta.url)("subset-font") as SubsetFont;

// A realistic licence: CJK names and addresses, Latin and digits, full-width punctuation; plus a character beyond the
// BMP (U+1F101, format 12), two characters sharing one glyph (space and no-break space) and one the font lacks (U+E000).
const TEXT =
  "海丰县城东镇潮汕牛肉火锅店（分店）广东省汕尾市海丰县附城镇人民路12号首层 陈晓明 JY24415210000011 " +
  "预包装食品（含冷藏冷冻食品）销售；热食类食品制售 FOOD BUSINESS LICENCE 2024年3月15日，。：、—《》\u{1F101}\u00A0\uE000";

function tables(font: Uint8Array): Map<string, { checksum: number; offset: number; length: number }> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const out = new Map<string, { checksum: number; offset: number; length: number }>();
  for (let i = 0; i < view.getUint16(4); i++) {
    const at = 12 + 16 * i;
    out.set(String.fromCharCode(...font.subarray(at, at + 4)), {
      checksum: view.getUint32(at + 4),
      offset: view.getUint32(at + 8),
      length: view.getUint32(at + 12),
    });
  }
  return out;
}

function checksum(font: Uint8Array, offset: number, length: number): number {
  const padded = new Uint8Array((length + 3) & ~3);
  padded.set(font.subarray(offset, offset + length));
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

describe.each(["regular", "bold"] as const)("trueTypeSubsetter on Noto Sans SC %s", (weight) => {
  const original = new Uint8Array(readFileSync(fontFilePath(weight)));
  const parsed = fontkit.create(original);
  const glyphOf = (cp: number) => (parsed.hasGlyphForCodePoint(cp) ? parsed.glyphForCodePoint(cp).id : 0);
  const subsetter = trueTypeSubsetter(original, glyphOf);
  const codePoints = [...new Set([...TEXT].map((c) => c.codePointAt(0) ?? 0))];

  it("cuts the same subset harfbuzz does: glyph ids, outlines, advances, cmap", async () => {
    const cut = subsetter?.cut(codePoints);
    expect(cut).toBeDefined();
    if (!cut) return;
    const hb = await subsetFont(Buffer.from(original), TEXT, {
      targetFormat: "sfnt",
      dropTables: ["GSUB", "GPOS"],
      noLayoutClosure: true,
    });
    const mine = fontkit.create(Buffer.from(cut.bytes));
    const theirs = fontkit.create(hb);

    expect(mine.numGlyphs).toBe(theirs.numGlyphs);
    expect([...mine.characterSet].sort((a, b) => a - b)).toEqual(
      [...theirs.characterSet].sort((a, b) => a - b),
    );
    expect(mine.characterSet).toContain(0x1f101);
    expect(mine.characterSet).not.toContain(0xe000);
    for (const cp of codePoints.filter((c) => c !== 0xe000)) {
      const a = mine.glyphForCodePoint(cp);
      const b = theirs.glyphForCodePoint(cp);
      const o = parsed.glyphForCodePoint(cp);
      const at = `U+${cp.toString(16)}`;
      expect(a.id, at).toBeGreaterThan(0);
      expect(a.id, at).toBe(b.id);
      expect(a.advanceWidth, at).toBe(o.advanceWidth);
      expect(a.path.toSVG(), at).toBe(o.path.toSVG());
      if (!/\s/u.test(String.fromCodePoint(cp))) expect(a.path.toSVG(), at).not.toBe("");
    }
    expect(mine.glyphForCodePoint(0x20).id).toBe(mine.glyphForCodePoint(0xa0).id);

    // The account the embedder uses instead of parsing: every glyph but .notdef, its advance and code points.
    expect(cut.glyphs[0]).toMatchObject({ id: 0, codePoints: [] });
    for (const g of cut.glyphs.slice(1)) {
      expect(g.codePoints.length).toBeGreaterThan(0);
      for (const cp of g.codePoints) expect(mine.glyphForCodePoint(cp).id).toBe(g.id);
      expect(g.advance).toBe(mine.getGlyph(g.id).advanceWidth);
    }
    expect(cut.glyphs.find((g) => g.codePoints.includes(0x20))?.codePoints).toEqual([0x20, 0xa0]);
    expect(mine.bbox).toEqual(theirs.bbox);
    expect(mine.postscriptName).toBe(theirs.postscriptName);
  });

  it("writes a well-formed font file: sorted directory, aligned tables, right checksums", () => {
    const cut = subsetter?.cut(codePoints);
    if (!cut) throw new Error("no subset");
    const dir = tables(cut.bytes);
    const tags = [...dir.keys()];
    expect(tags).toEqual([...tags].sort());
    expect(tags).toEqual(expect.arrayContaining(["cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp"]));
    expect(tags).not.toEqual(expect.arrayContaining(["GSUB"]));
    for (const [tag, t] of dir) {
      expect(t.offset % 4, tag).toBe(0);
      expect(t.offset + t.length, tag).toBeLessThanOrEqual(cut.bytes.length);
      if (tag === "head") continue;
      expect(t.checksum, tag).toBe(checksum(cut.bytes, t.offset, t.length));
    }
    // head's checksum is taken with checkSumAdjustment zero; the adjustment makes the whole file sum to 0xB1B0AFBA.
    const head = dir.get("head");
    if (!head) throw new Error("no head");
    const zeroed = cut.bytes.slice();
    new DataView(zeroed.buffer).setUint32(head.offset + 8, 0);
    expect(head.checksum).toBe(checksum(zeroed, head.offset, head.length));
    expect(checksum(cut.bytes, 0, cut.bytes.length)).toBe(0xb1b0afba);
  });
});

describe("trueTypeSubsetter declines what it cannot cut", () => {
  const original = new Uint8Array(readFileSync(fontFilePath("regular")));
  const parsed = fontkit.create(original);
  const glyphOf = (cp: number) => (parsed.hasGlyphForCodePoint(cp) ? parsed.glyphForCodePoint(cp).id : 0);

  it("a font with CFF outlines", () => {
    const cff = original.slice(0, 64);
    cff.set([0x4f, 0x54, 0x54, 0x4f]);
    expect(trueTypeSubsetter(cff, glyphOf)).toBeUndefined();
  });

  it("a composite glyph (its components would need new ids): harfbuzz cuts that one", () => {
    const copy = original.slice();
    const view = new DataView(copy.buffer);
    const dir = tables(copy);
    const glyf = dir.get("glyf");
    const loca = dir.get("loca");
    if (!glyf || !loca) throw new Error("not TrueType");
    const gid = glyphOf("海".codePointAt(0) ?? 0);
    // loca is long (format 1) in Noto Sans SC; numberOfContours < 0 marks a composite glyph.
    view.setInt16(glyf.offset + view.getUint32(loca.offset + 4 * gid), -1);
    const subsetter = trueTypeSubsetter(copy, glyphOf);
    expect(subsetter?.cut([..."海丰"].map((c) => c.codePointAt(0) ?? 0))).toBeUndefined();
    expect(subsetter?.cut([..."丰县"].map((c) => c.codePointAt(0) ?? 0))).toBeDefined();
  });
});
